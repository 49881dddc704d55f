package dev.barbiton.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.barbiton.testing.MediaServer.Exchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import okhttp3.Headers;

/**
 * Serves the requests of one connection, one after the other, on one thread. Reads a request
 * head, decides the whole answer (status, headers, body slice, faults), records it, then writes
 * the head in one write and the body in paced slices, counting body bytes after each write that
 * returned. Every way out of a response completes its {@link Exchange}.
 */
final class MediaConnection {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_SLICE = 64 * 1024;

  private final MediaServer server;
  private final Socket socket;
  private final int number;
  private InputStream in;
  private OutputStream out;

  MediaConnection(MediaServer server, Socket socket, int number) {
    this.server = server;
    this.socket = socket;
    this.number = number;
  }

  /** How a body ended: all of it, cut by a fault, or stalled until the client gave up. */
  private enum Ending { COMPLETE, DISCONNECT, STALL }

  private record Request(String method, String target, String version, Headers headers) {}

  private record Answer(int status, Headers headers, byte[] body, int offset, int length, boolean chunked) {}

  /** Thrown for an unparseable request: answered 400, then the connection closes. */
  private static final class BadRequest extends IOException {
    BadRequest(String message) {
      super(message);
    }
  }

  void run() {
    try (socket) {
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = socket.getOutputStream();
      while (!server.isClosed()) {
        socket.setSoTimeout(MediaServer.IDLE_TIMEOUT_MILLIS);
        Request request;
        try {
          request = readRequest();
        } catch (BadRequest e) {
          Answer answer = text(400, Headers.of());
          writeHead(answer, true);
          out.write(answer.body());
          return;
        }
        if (request == null) return;
        socket.setSoTimeout(0);
        if (!respond(request)) return;
      }
    } catch (IOException e) {
      // The connection ended (client gone, server closing, idle timeout): nothing to report.
    } catch (RuntimeException | Error e) {
      server.bug(e);
    }
  }

  /** Answers one request; returns whether the connection may serve another. */
  private boolean respond(Request request) throws IOException {
    String path = pathOf(request.target());
    RawResponder raw = path == null ? null : server.findRaw(path);
    if (raw != null) {
      Exchange exchange = server.record(number, request.method(), request.target(), request.headers(), 0);
      try {
        raw.respond(exchange.snapshot(), out);
        out.flush();
      } finally {
        server.complete(exchange);
      }
      return false;
    }
    MediaResource resource = path == null ? null : server.find(path);
    ResponsePlan plan = resource == null ? new ResponsePlan() : resource.planNext();
    Answer answer = answer(request, resource, plan);
    boolean head = request.method().equals("HEAD");
    boolean close = plan.statusCode == 408
        || "close".equalsIgnoreCase(request.headers().get("Connection"))
        || !request.version().equals("HTTP/1.1");
    Exchange exchange = server.record(number, request.method(), request.target(), request.headers(), answer.status());
    try {
      writeHead(answer, close);
      Ending ending = head ? Ending.COMPLETE : writeBody(answer, plan, resource, exchange);
      switch (ending) {
        case DISCONNECT:
          socket.shutdownOutput(); // FIN after the bytes already written, never an RST
          return false;
        case STALL:
          awaitClientGone();
          return false;
        default:
          return !close;
      }
    } finally {
      server.complete(exchange);
    }
  }

  private Answer answer(Request request, MediaResource resource, ResponsePlan plan) {
    if (resource == null) return text(404, Headers.of());
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return text(405, Headers.of("Allow", "GET, HEAD"));
    }
    if (plan.redirectPath != null) {
      Headers headers = Headers.of("Location", server.url(plan.redirectPath), "Content-Length", "0");
      return new Answer(plan.redirectCode, headers, new byte[0], 0, 0, false);
    }
    if (plan.statusCode != 0) return text(plan.statusCode, plan.statusHeaders);
    if (plan.captivePortal) {
      byte[] page = ("<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
          + "<body><form action=\"/login\"><input name=\"room\"><button>Connect</button></form></body></html>\n")
          .getBytes(UTF_8);
      Headers headers = Headers.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store",
          "Content-Length", Integer.toString(page.length));
      return new Answer(200, headers, page, 0, page.length, false);
    }
    return content(request, resource.version(), resource.contentTypeValue(), plan);
  }

  private static Answer content(Request request, MediaResource.Version version, String contentType, ResponsePlan plan) {
    byte[] bytes = version.bytes();
    int total = bytes.length;
    Headers.Builder headers = new Headers.Builder()
        .add("Content-Type", contentType)
        .add("ETag", version.etag())
        .add("Last-Modified", HttpDates.format(version.lastModified()));
    if (!plan.ignoreRange) headers.add("Accept-Ranges", "bytes");

    String range = request.headers().get("Range");
    long[] spec = plan.ignoreRange || range == null ? null : ByteRangeSpec.parse(range);
    String ifRange = request.headers().get("If-Range");
    if (spec == null || (ifRange != null && !validatorMatches(ifRange, version))) {
      return body(200, headers, bytes, 0, total, plan.chunked);
    }
    long[] resolved = ByteRangeSpec.resolve(spec, total);
    if (resolved == null) {
      headers.add("Content-Range", "bytes */" + total).add("Content-Length", "0");
      return new Answer(416, headers.build(), bytes, 0, 0, false);
    }
    long first = resolved[0];
    long last = resolved[1];
    if (plan.rangeShift != 0) {
      long span = last - first;
      first = Math.max(0, Math.min(total - 1L, first + plan.rangeShift));
      last = Math.min(total - 1L, first + span);
    }
    headers.add("Content-Range", plan.contentRangeHeader != null
        ? plan.contentRangeHeader
        : "bytes " + first + "-" + last + "/" + total);
    return body(206, headers, bytes, (int) first, (int) (last - first + 1), plan.chunked);
  }

  private static Answer body(int status, Headers.Builder headers, byte[] bytes, int offset, int length, boolean chunked) {
    if (chunked) {
      headers.add("Transfer-Encoding", "chunked");
    } else {
      headers.add("Content-Length", Integer.toString(length));
    }
    return new Answer(status, headers.build(), bytes, offset, length, chunked);
  }

  private static Answer text(int status, Headers extra) {
    byte[] body = (status + " " + reason(status) + "\n").getBytes(UTF_8);
    Headers headers = new Headers.Builder()
        .add("Content-Type", "text/plain; charset=utf-8")
        .addAll(extra)
        .add("Content-Length", Integer.toString(body.length))
        .build();
    return new Answer(status, headers, body, 0, body.length, false);
  }

  /**
   * If-Range (RFC 9110 13.1.5): an entity tag matches only by strong comparison with the current
   * ETag (a weak tag never matches); a date only when it equals the current Last-Modified.
   */
  private static boolean validatorMatches(String value, MediaResource.Version version) {
    String v = value.trim();
    if (v.startsWith("W/")) return false;
    if (v.startsWith("\"")) return v.equals(version.etag());
    Instant date = HttpDates.parse(v);
    return date != null && date.equals(version.lastModified());
  }

  private void writeHead(Answer answer, boolean close) throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n")
        .append("Date: ").append(HttpDates.format(Instant.now())).append("\r\n");
    Headers headers = answer.headers();
    for (int i = 0; i < headers.size(); i++) {
      head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
    }
    if (close) head.append("Connection: close\r\n");
    out.write(head.append("\r\n").toString().getBytes(ISO_8859_1));
  }

  private Ending writeBody(Answer answer, ResponsePlan plan, MediaResource resource, Exchange exchange)
      throws IOException {
    long length = answer.length();
    long stopAt = length;
    Ending ending = Ending.COMPLETE;
    long cut = Math.min(plan.disconnectAfter, plan.truncateBy > 0 ? Math.max(0, length - plan.truncateBy) : ResponsePlan.NEVER);
    if (cut < stopAt) {
      stopAt = cut;
      ending = Ending.DISCONNECT;
    }
    if (plan.stallAfter < stopAt) {
      stopAt = plan.stallAfter;
      ending = Ending.STALL;
    }
    long rate = plan.bytesPerSecond;
    // 10 ms of data per write when throttled: fine pacing, and a gone client is noticed quickly.
    long slice = rate > 0 ? Math.max(1, Math.min(MAX_SLICE, rate / 100)) : MAX_SLICE;
    SharedPace shared = plan.sharedPace;
    if (shared != null) slice = Math.max(1, Math.min(slice, shared.bytesPerSecond() / 100));
    long pacingStart = System.nanoTime();
    boolean paused = false;
    boolean replaced = false;
    long sent = 0;
    while (true) {
      if (!replaced && sent >= plan.replaceAfter && resource != null) {
        resource.replace(plan.replacement);
        replaced = true;
      }
      if (!paused && sent >= plan.pauseAfter) {
        long before = System.nanoTime();
        server.awaitDeadline(before + plan.pauseNanos);
        pacingStart += System.nanoTime() - before; // a pause is not throttled time to catch up on
        paused = true;
      }
      if (sent >= stopAt) break;
      long n = Math.min(slice, stopAt - sent);
      if (!replaced && plan.replaceAfter > sent) n = Math.min(n, plan.replaceAfter - sent);
      if (!paused && plan.pauseAfter > sent) n = Math.min(n, plan.pauseAfter - sent);
      if (rate > 0) server.awaitDeadline(pacingStart + (long) (sent * 1e9 / rate));
      if (shared != null) server.awaitDeadline(shared.book(n));
      writeSlice(answer.body(), answer.offset() + (int) sent, (int) n, answer.chunked());
      sent += n;
      server.sent(exchange, n);
    }
    if (ending == Ending.COMPLETE && answer.chunked()) out.write("0\r\n\r\n".getBytes(ISO_8859_1));
    return ending;
  }

  private void writeSlice(byte[] bytes, int offset, int length, boolean chunked) throws IOException {
    if (!chunked) {
      out.write(bytes, offset, length);
      return;
    }
    byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(ISO_8859_1);
    byte[] frame = new byte[size.length + length + 2];
    System.arraycopy(size, 0, frame, 0, size.length);
    System.arraycopy(bytes, offset, frame, size.length, length);
    frame[frame.length - 2] = '\r';
    frame[frame.length - 1] = '\n';
    out.write(frame);
  }

  /** A stall: sends nothing more and returns when the client closes or the server closes. */
  private void awaitClientGone() {
    byte[] discard = new byte[1024];
    try {
      while (in.read(discard) >= 0) {
        // A client does not send while it waits for a body; drop anything it does send.
      }
    } catch (IOException e) {
      // Reset by the client, or the socket closed by MediaServer.close().
    }
  }

  /** Returns the request, or null if the client closed the connection before sending one. */
  private Request readRequest() throws IOException {
    String line = readLine();
    while (line != null && line.isEmpty()) line = readLine(); // RFC 9112 2.2: tolerate leading CRLFs
    if (line == null) return null;
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) throw new BadRequest("bad request line: " + line);
    Headers.Builder headers = new Headers.Builder();
    for (int count = 0; ; count++) {
      String header = readLine();
      if (header == null) throw new EOFException("connection closed inside a request head");
      if (header.isEmpty()) break;
      if (count == MAX_HEADERS) throw new BadRequest("more than " + MAX_HEADERS + " headers");
      int colon = header.indexOf(':');
      if (colon <= 0) throw new BadRequest("bad header line: " + header);
      try {
        headers.addUnsafeNonAscii(header.substring(0, colon), header.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new BadRequest("bad header line: " + header);
      }
    }
    Headers h = headers.build();
    if (h.get("Transfer-Encoding") != null || !(h.get("Content-Length") == null || "0".equals(h.get("Content-Length")))) {
      throw new BadRequest("request bodies are not supported");
    }
    return new Request(parts[0], parts[1], parts[2], h);
  }

  /** Reads a line ending in LF (CR stripped); null at end of stream before any byte. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) return null;
        throw new EOFException("connection closed inside a line");
      }
      if (b == '\n') break;
      if (line.size() == MAX_LINE) throw new BadRequest("line longer than " + MAX_LINE);
      line.write(b);
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, length, ISO_8859_1);
  }

  /** The path of an origin-form or absolute-form target, without query; null if neither. */
  private static String pathOf(String target) {
    String t = target;
    if (t.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = t.indexOf('/', 7);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    if (!t.startsWith("/")) return null;
    int q = t.indexOf('?');
    return q < 0 ? t : t.substring(0, q);
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 206: return "Partial Content";
      case 301: return "Moved Permanently";
      case 302: return "Found";
      case 303: return "See Other";
      case 307: return "Temporary Redirect";
      case 308: return "Permanent Redirect";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 410: return "Gone";
      case 416: return "Range Not Satisfiable";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "Status " + status;
    }
  }
}
