package dev.barbiton.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A response's status line and header section as they go on the wire: the status line and {@code
 * Date} first, then the headers in the order added, then {@code Connection: close} when the
 * connection ends after the response, and the empty line.
 */
final class ResponseHead {
  /**
   * What a page of another origin may read (CORS): any origin, and besides the safelisted headers
   * the ones a player that fetches media itself needs to seek.
   */
  static final String CORS = "Access-Control-Allow-Origin: *\r\n"
      + "Access-Control-Expose-Headers: Accept-Ranges, Content-Length, Content-Range, ETag, Last-Modified\r\n";

  private final StringBuilder text = new StringBuilder(320);

  private ResponseHead(int status) {
    text.append("HTTP/1.1 ").append(status).append(' ').append(Status.reason(status)).append("\r\n");
    text.append("Date: ").append(HttpDates.now()).append("\r\n");
  }

  static ResponseHead status(int status) {
    return new ResponseHead(status);
  }

  ResponseHead header(String name, Object value) {
    text.append(name).append(": ").append(value).append("\r\n");
    return this;
  }

  /** Header lines as they are, each ending in CRLF (or nothing). */
  ResponseHead lines(String lines) {
    text.append(lines);
    return this;
  }

  /** The head, ended; with {@code Connection: close} unless {@code keepAlive}. */
  ByteBuffer end(boolean keepAlive) {
    if (!keepAlive) text.append("Connection: close\r\n");
    text.append("\r\n");
    return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
