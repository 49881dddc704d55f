package dev.barbiton.file.engine;

import java.io.IOException;

/**
 * A response's total length contradicts what an earlier response of the same version said, or the
 * bytes already cached: one of them lied. The driver cannot tell which, so it discards that
 * version and fetches it again from the start, once; a second contradiction fails the download
 * with an {@link dev.barbiton.file.InvalidResponseException}.
 */
final class LengthContradictionException extends IOException {
  private static final long serialVersionUID = 1L;

  LengthContradictionException(String message) {
    super(message);
  }
}
