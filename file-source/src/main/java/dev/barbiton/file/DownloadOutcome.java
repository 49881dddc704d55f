package dev.barbiton.file;

import java.util.Objects;

/** How a source's download ended: the payload of its Complete phase. */
public sealed interface DownloadOutcome {

  /** Every byte is cached and committed. */
  record Finished(long length) implements DownloadOutcome {}

  /** The download gave up; bytes already cached stay cached. */
  record Failed(Exception cause) implements DownloadOutcome {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** The source was closed before the download finished. */
  record Cancelled() implements DownloadOutcome {}
}
