package dev.barbiton.testing;

import okhttp3.Headers;

/**
 * A snapshot of one request a {@link MediaServer} received and what it answered.
 *
 * @param sequence 1-based arrival order over the whole server
 * @param connection 1-based number of the TCP connection it came on (equal numbers: reused)
 * @param method e.g. {@code GET}
 * @param target the request target as sent, query included
 * @param headers every request header, in order, as sent
 * @param status the status answered (decided before the first response byte is written); 0 for
 *     a path served raw ({@link MediaServer#serveRaw})
 * @param bodyBytesSent response body bytes written to the socket so far (framing excluded)
 * @param completed whether the response ended (body done, connection cut, or stall given up);
 *     until then {@code bodyBytesSent} may still grow
 */
public record ServedRequest(
    int sequence,
    int connection,
    String method,
    String target,
    Headers headers,
    int status,
    long bodyBytesSent,
    boolean completed) {

  /** The target without its query. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The last value of header {@code name} (case-insensitive), or null when absent. */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return "#" + sequence + " " + method + " " + target + " range=" + header("Range")
        + " -> " + status + ", " + bodyBytesSent + " body bytes" + (completed ? "" : " (in progress)");
  }
}
