package dev.barbiton.file.download;

/**
 * Where an offline download is. A download moves {@code QUEUED → DOWNLOADING → COMPLETED}; it is
 * {@code PAUSED} from a pause until a resume, {@code FAILED} once it cannot succeed (or has
 * failed more often than the manager retries), and {@code REMOVING} from a remove until its
 * bytes are gone and it leaves the list.
 */
public enum DownloadState {
  /** Waiting for a free slot, its condition, or its retry time. */
  QUEUED,
  /** Fetching now. */
  DOWNLOADING,
  /** Stopped by the app, with a stop reason; its bytes stay. */
  PAUSED,
  /** Every byte it asked for is cached and kept offline (never evicted) until it is removed. */
  COMPLETED,
  /** Given up, with a {@link DownloadFailure}; its bytes stay; {@link DownloadManager#resume} tries again. */
  FAILED,
  /** Being removed. */
  REMOVING;

  /** Whether the download waits for nothing more from the manager (completed or failed). */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
