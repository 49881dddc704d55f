package dev.barbiton.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 14.6): before each part's bytes a
 * delimiter and the part's {@code Content-Type} and {@code Content-Range}; after the last, the
 * close delimiter. The boundary is a new token per response (128 random bits), so it cannot be
 * guessed to appear in the media; the length of the whole body is known before it is sent, so the
 * response has a {@code Content-Length}.
 */
final class Multipart {
  private final String boundary = "barbiton-" + Tokens.next();
  private final String contentType;
  private final List<Span> spans;
  private final long length;

  /** @param spans at least two, each satisfiable in a representation of {@code length} bytes */
  Multipart(String contentType, List<Span> spans, long length) {
    this.contentType = contentType;
    this.spans = spans;
    this.length = length;
  }

  /** The response's {@code Content-Type}. */
  String contentType() {
    return "multipart/byteranges; boundary=" + boundary;
  }

  /** What comes before part {@code i}'s bytes: the delimiter (after a CRLF, but the first) and the part's headers. */
  ByteBuffer partHead(int i) {
    Span span = spans.get(i);
    String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Range: bytes " + span.positions() + "/" + length + "\r\n\r\n";
    return ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The close delimiter, after the last part. */
  ByteBuffer end() {
    return ByteBuffer.wrap(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The body's length: every part's head and bytes, and the close delimiter. */
  long bodyLength() {
    long total = end().remaining();
    for (int i = 0; i < spans.size(); i++) total += partHead(i).remaining() + spans.get(i).length();
    return total;
  }
}
