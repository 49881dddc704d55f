package dev.barbiton.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a whole response (status line, headers, body) for a path served with {@link
 * MediaServer#serveRaw}: for the lies the server's faults do not tell, such as a petabyte {@code
 * Content-Length} or a body that never ends. The connection closes after it returns (or when the
 * server closes, which ends an endless body at once).
 */
@FunctionalInterface
public interface RawResponder {
  /** Writes the response to {@code out}; {@code request} is what was asked. */
  void respond(ServedRequest request, OutputStream out) throws IOException;

  /** A response head: {@code HTTP/1.1 <status>}, the header lines, the blank line. */
  static byte[] head(String status, String... headerLines) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    for (String line : headerLines) head.append(line).append("\r\n");
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Writes 64 KiB chunks of a chunked body until the client or the server goes away. */
  static void endlessChunks(OutputStream out) throws IOException {
    byte[] data = new byte[64 << 10];
    byte[] frame = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] crlf = {'\r', '\n'};
    while (true) {
      out.write(frame);
      out.write(data);
      out.write(crlf);
    }
  }
}
