package dev.barbiton.server;

/**
 * A request the server answers with an error status before anything else is written, then closes
 * the connection: a malformed or oversized head, a method or body it does not take.
 */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false); // an expected outcome of a hostile client: no stack trace
    this.status = status;
  }

  int status() {
    return status;
  }
}
