package dev.barbiton.file.download;

import java.io.IOException;

/**
 * A time range could not be mapped to bytes: the file's header names no duration and no index
 * (and its length is unknown), or its index is malformed. The message says which.
 */
public final class TimeRangeException extends IOException {
  private static final long serialVersionUID = 1L;

  public TimeRangeException(String message) {
    super(message);
  }

  public TimeRangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
