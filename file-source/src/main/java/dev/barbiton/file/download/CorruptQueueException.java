package dev.barbiton.file.download;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The persisted download queue could not be read: a wrong magic number or version, a checksum
 * that does not hold, a truncated file, a value out of range. The manager never fails to open
 * because of it: it sets the file aside ({@link #setAside()}), starts with an empty queue, reports
 * this through {@link DownloadManager#recovery()} and a {@link
 * dev.barbiton.events.DownloadEvent.QueueDiscarded}. Cached bytes are not touched.
 */
public final class CorruptQueueException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final transient Path setAside;

  CorruptQueueException(Path file, Path setAside, String problem) {
    super("download queue " + file + " is unreadable (" + problem + "); set aside as " + setAside
        + ", starting with an empty queue");
    this.file = file;
    this.setAside = setAside;
  }

  /** The queue file that was unreadable. */
  public Path file() {
    return file;
  }

  /** Where it was moved, for a person to look at. */
  public Path setAside() {
    return setAside;
  }
}
