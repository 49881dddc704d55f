package dev.barbiton.file.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server that answers with whatever bytes a handler writes, for the lies the
 * {@link dev.barbiton.testing.MediaServer} will not tell: a petabyte {@code Content-Length},
 * a body that never ends. One thread per connection, one request per connection; {@link #close}
 * closes every socket, which ends an endless body at once.
 */
final class RawHttpServer implements AutoCloseable {
  /** Writes the whole response (status line, headers, body) for one request. */
  interface Handler {
    void respond(RawHttpServer server, List<String> requestHead, OutputStream out) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final Handler handler;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<List<String>> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong bodyBytes = new AtomicLong();
  private volatile boolean closed;

  private RawHttpServer(Handler handler) throws IOException {
    this.handler = handler;
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    Thread accept = new Thread(this::acceptLoop, "RawHttpServer-" + serverSocket.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  static RawHttpServer start(Handler handler) throws IOException {
    return new RawHttpServer(handler);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
  }

  /** Request heads received so far (request line first). */
  List<List<String>> requests() {
    return List.copyOf(requests);
  }

  /** Counts {@code n} body bytes written by a handler. */
  void sent(long n) {
    bodyBytes.addAndGet(n);
  }

  long bodyBytesSent() {
    return bodyBytes.get();
  }

  /** Writes an endless chunked body of 64 KiB chunks until the client goes away. */
  void endlessChunks(OutputStream out) throws IOException {
    byte[] data = new byte[64 << 10];
    byte[] frame = ("10000\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] crlf = {'\r', '\n'};
    while (!closed) {
      out.write(frame);
      out.write(data);
      out.write(crlf);
      sent(data.length);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      Thread t = new Thread(() -> serve(socket), "RawHttpServer-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      List<String> head = new ArrayList<>();
      for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) head.add(line);
      if (head.isEmpty()) return;
      requests.add(List.copyOf(head));
      OutputStream out = socket.getOutputStream();
      handler.respond(this, head, out);
      out.flush();
    } catch (IOException ignored) {
      // The client went away (it gave up on an endless body): the point of most tests here.
    } finally {
      sockets.remove(socket);
    }
  }

  static String header(List<String> head, String name) {
    for (String line : head) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
  }
}
