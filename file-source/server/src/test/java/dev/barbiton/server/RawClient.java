package dev.barbiton.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a bare socket, for what real clients never send and for checking framing byte by
 * byte: writes exactly the given bytes, parses responses by their {@code Content-Length} or chunks.
 */
final class RawClient implements AutoCloseable {
  /** One response; header names in lower case. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    this(port, 0);
  }

  /** @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's default */
  RawClient(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    socket.setSoTimeout(30_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next response to a GET (a body by length or chunks); to a HEAD use {@link #readHead}. */
  Response read() throws IOException {
    Response head = readHead();
    byte[] body;
    String length = head.header("Content-Length");
    if ("chunked".equals(head.header("Transfer-Encoding"))) {
      body = chunks();
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
      if (body.length < Integer.parseInt(length)) throw new EOFException("body cut at " + body.length);
    } else {
      body = in.readAllBytes(); // delimited by the close
    }
    return new Response(head.status(), head.headers(), body);
  }

  /** The next response's status line and headers only. */
  Response readHead() throws IOException {
    String statusLine = line();
    if (statusLine == null) throw new EOFException("connection closed before a response");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; !(line = line()).isEmpty(); ) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new byte[0]);
  }

  /** Whether the server closed the connection (end of stream or reset) within the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /** Whether the server closes the connection, reading and dropping what comes before that. */
  boolean closedByServerAfterBody() throws IOException {
    try {
      byte[] drop = new byte[8192];
      while (in.read(drop) >= 0) {
        // A body the server cut: read on until the end of the stream.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /**
   * Waits up to {@code millis} for the server to close the connection: true when it did (end of
   * stream or reset), false when the time passed with the connection open and nothing sent.
   *
   * @throws IOException if the server sent a byte instead
   */
  boolean closedWithin(int millis) throws IOException {
    int old = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      int b = in.read();
      if (b >= 0) throw new IOException("the server sent a byte (" + b + ") to a request it has not whole");
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(old);
    }
  }

  /** Whether nothing more arrives within {@code millis} and the connection stays open. */
  boolean quietFor(int millis) throws IOException {
    int old = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() == -2; // never: either a byte, an end, or the timeout below
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(old);
    }
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (;;) {
      int size = Integer.parseInt(line().trim(), 16);
      if (size == 0) {
        line(); // the empty line after the last chunk
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  /** A line without its CRLF; null at the end of the stream before any byte. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (;;) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) return null;
        throw new EOFException("cut in a line: " + line);
      }
      if (b == '\n') break;
      line.append((char) b);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
