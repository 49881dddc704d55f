package dev.barbiton.server;

import java.io.IOException;

/** A response waited longer than the source's read timeout for bytes that had not arrived. */
final class ByteWaitTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  ByteWaitTimeoutException(String message) {
    super(message);
  }
}
