package dev.barbiton.examples.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 server of one resource of any length (4 GiB and more), made up as it is sent
 * from a 1 MiB random block repeated, so that serving it holds 1 MiB of heap whatever its length.
 * {@link dev.barbiton.testing.MediaServer} serves byte arrays, which stop at 2 GiB and would
 * sit in the very heap the {@code heap} benchmark watches.
 *
 * <p>Protocol: GET and HEAD of any path; one {@code Range: bytes=a-} or {@code bytes=a-b} is
 * answered 206 (416 past the end), anything else 200. A strong ETag, {@code Accept-Ranges}, and
 * {@code Connection: close}: one request per connection, one thread per connection.
 */
final class SyntheticServer implements AutoCloseable {
  private static final int BLOCK = 1 << 20;
  private static final int SLICE = 64 << 10;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

  private final long length;
  private final byte[] block = new byte[BLOCK];
  private final String etag;
  private final ServerSocket serverSocket;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptThread;
  private volatile boolean closed;

  private SyntheticServer(long length, long seed) throws IOException {
    if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    this.length = length;
    new SplittableRandom(seed).nextBytes(block);
    this.etag = "\"synthetic-" + length + "-" + seed + "\"";
    this.serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    this.acceptThread = new Thread(this::acceptLoop, "bench-synthetic-server");
    acceptThread.setDaemon(true);
  }

  /** Starts serving {@code length} bytes made from {@code seed}. */
  static SyntheticServer start(long length, long seed) throws IOException {
    SyntheticServer server = new SyntheticServer(length, seed);
    server.acceptThread.start();
    return server;
  }

  /** The resource's URL. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + "/synthetic.bin");
  }

  /** The byte the server sends at {@code pos}. */
  byte byteAt(long pos) {
    return block[(int) (pos & (BLOCK - 1))];
  }

  /** Stops accepting and cuts every connection. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    serverSocket.close();
    for (Socket socket : sockets) socket.close();
    try {
      acceptThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(socket);
      Thread connection = new Thread(() -> serve(socket), "bench-synthetic-connection");
      connection.setDaemon(true);
      connection.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      String requestLine = readLine(in);
      if (requestLine == null) return;
      String range = null;
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("range")) {
          range = line.substring(colon + 1).trim();
        }
      }
      String method = requestLine.split(" ", 2)[0];
      if (!method.equals("GET") && !method.equals("HEAD")) {
        out.write(head("405 Method Not Allowed", 0, null).getBytes(ISO_8859_1));
        return;
      }
      long first = 0;
      long last = length - 1;
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (m != null && m.matches()) {
        first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) last = Math.min(last, Long.parseLong(m.group(2)));
        if (first >= length || first > last) {
          out.write(head("416 Range Not Satisfiable", 0, "bytes */" + length).getBytes(ISO_8859_1));
          return;
        }
        out.write(head("206 Partial Content", last - first + 1, "bytes " + first + "-" + last + "/" + length)
            .getBytes(ISO_8859_1));
      } else {
        out.write(head("200 OK", length, null).getBytes(ISO_8859_1));
      }
      if (method.equals("HEAD")) return;
      for (long pos = first; pos <= last && !closed; ) {
        int offset = (int) (pos & (BLOCK - 1));
        int n = (int) Math.min(Math.min(SLICE, BLOCK - offset), last - pos + 1);
        out.write(block, offset, n);
        pos += n;
      }
      out.flush();
    } catch (IOException e) {
      // The client went away (a cancelled request) or the server closed: nothing to do.
    } finally {
      sockets.remove(socket);
    }
  }

  private String head(String status, long contentLength, String contentRange) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n")
        .append("Content-Type: application/octet-stream\r\n")
        .append("Content-Length: ").append(contentLength).append("\r\n")
        .append("Accept-Ranges: bytes\r\n")
        .append("ETag: ").append(etag).append("\r\n")
        .append("Connection: close\r\n");
    if (contentRange != null) head.append("Content-Range: ").append(contentRange).append("\r\n");
    return head.append("\r\n").toString();
  }

  /** One header line without its CRLF; null at end of stream. Lines past 16 KiB are cut. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r' && line.length() < 16 << 10) line.append((char) c);
    }
    return c == -1 && line.length() == 0 ? null : line.toString();
  }
}
