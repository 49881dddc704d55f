package dev.barbiton.file.engine;

import dev.barbiton.file.InvalidResponseException;
import dev.barbiton.file.RetryCause;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.ProtocolException;

/** Sorts a retried failure into a {@link RetryCause}. */
final class RetryCauses {
  private RetryCauses() {}

  static RetryCause of(IOException e) {
    if (e instanceof RetryableStatusException) return RetryCause.HTTP_STATUS;
    if (e instanceof InvalidResponseException) return RetryCause.INVALID_RESPONSE;
    if (e instanceof UnknownHostException) return RetryCause.UNKNOWN_HOST;
    // SocketTimeoutException is an InterruptedIOException; so is OkHttp's stall watchdog's.
    if (e instanceof InterruptedIOException) return RetryCause.TIMEOUT;
    if (e instanceof ConnectException || e instanceof SocketException || e instanceof EOFException
        || e instanceof ProtocolException) {
      return RetryCause.CONNECTION;
    }
    // okhttp3.internal.http2.StreamResetException, by name: the package is OkHttp's internals.
    if (e.getClass().getName().endsWith("StreamResetException")) return RetryCause.CONNECTION;
    String message = String.valueOf(e.getMessage());
    if (message.contains("unexpected end of stream") || message.contains("closed")) return RetryCause.CONNECTION;
    return RetryCause.OTHER;
  }
}
