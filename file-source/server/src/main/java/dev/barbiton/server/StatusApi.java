package dev.barbiton.server;

import dev.barbiton.assets.AssetStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status API of a {@link LoopbackServer}: JSON about the registered sources, and control of
 * their downloads, for the app that holds the API's token.
 *
 * <ul>
 *   <li>{@code GET /api/v1/sources}: {@code {"sources": [...]}}, one object per registered URL, in
 *       the order they were registered; {@code GET /api/v1/sources/{id}}: one of them;
 *   <li>{@code GET /api/v1/stats}: the server's uptime and counters, and the store's metrics;
 *   <li>{@code POST /api/v1/sources/{id}/pause}, {@code .../resume}: holds or resumes the download;
 *       {@code DELETE /api/v1/sources/{id}}: releases the URL ({@link LoopbackServer#release}):
 *       its local URL is 404 from then on, its cached bytes stay.
 * </ul>
 *
 * <p>Refusals, in this order: a request that did not come from and to a loopback address is 404,
 * as if there were no API (a server bound to a LAN address for casting never shows it there); a
 * missing or repeated {@code Host} is 400 and a {@code Host} that is not a loopback name 421 (DNS
 * rebinding), whatever the bind address; a request body is refused (400 or 413); a request without
 * {@code Authorization: Bearer <token>} of the API's token is 401 — compared in constant time, by
 * their SHA-256 digests, so the time taken tells nothing of the token; an unknown path or id is
 * 404, a method the path does not take 405. Errors are JSON too: {@code {"error": "..."}}.
 */
final class StatusApi {
  static final String PREFIX = "/api/";
  private static final String SOURCES = "/api/v1/sources";

  private final LoopbackServer server;
  private final AssetStore store;
  private final byte[] tokenDigest;
  private final long startedNanos = System.nanoTime();

  StatusApi(LoopbackServer server, AssetStore store, String token) {
    this.server = server;
    this.store = store;
    this.tokenDigest = sha256(token);
  }

  /** Whether {@code target} is the API's: an origin-form path under {@value #PREFIX}. */
  static boolean isApiTarget(String target) {
    return target.startsWith(PREFIX) || target.equals("/api");
  }

  /** Answers one API request. Returns whether the connection may carry another. */
  boolean respond(Connection connection, RequestHead head) throws IOException {
    boolean keepAlive = head.keepAlive();
    if (!connection.onLoopback()) return send(connection, 404, error("not found"), "", keepAlive);
    String host = head.header("host");
    if (head.count("host") != 1) return send(connection, 400, error("one Host header"), "", false);
    if (!Exchange.isLoopbackHost(host)) return send(connection, 421, error("not a loopback Host"), "", keepAlive);
    if (head.header("transfer-encoding") != null) return send(connection, 400, error("no request body"), "", false);
    String length = head.header("content-length");
    if (head.count("content-length") > 1 || (length != null && !length.equals("0"))) {
      return send(connection, 413, error("no request body"), "", false);
    }
    if (!authorized(head.header("authorization"))) {
      return send(connection, 401, error("missing or wrong token"), "WWW-Authenticate: Bearer realm=\"barbiton\"\r\n", keepAlive);
    }
    String path = head.target();
    int query = path.indexOf('?');
    if (query >= 0) path = path.substring(0, query);
    String method = head.method();
    if (path.equals("/api/v1/stats")) {
      if (!method.equals("GET")) return send(connection, 405, error("GET only"), "Allow: GET\r\n", keepAlive);
      return send(connection, 200, stats(), "", keepAlive);
    }
    if (path.equals(SOURCES)) {
      if (!method.equals("GET")) return send(connection, 405, error("GET only"), "Allow: GET\r\n", keepAlive);
      List<Object> all = new ArrayList<>();
      for (Registration r : server.registrations()) all.add(SourceStatus.of(r));
      return send(connection, 200, Map.of("sources", all), "", keepAlive);
    }
    if (!path.startsWith(SOURCES + "/")) return send(connection, 404, error("not found"), "", keepAlive);
    String[] parts = path.substring(SOURCES.length() + 1).split("/", -1);
    Registration registration = parts.length <= 2 ? find(parts[0]) : null;
    if (registration == null) return send(connection, 404, error("no source " + safe(parts[0])), "", keepAlive);
    if (parts.length == 1) {
      if (method.equals("GET")) return send(connection, 200, SourceStatus.of(registration), "", keepAlive);
      if (method.equals("DELETE")) {
        boolean released = server.release(registration);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", registration.id());
        body.put("deleted", released);
        return send(connection, released ? 200 : 404, body, "", keepAlive);
      }
      return send(connection, 405, error("GET or DELETE"), "Allow: GET, DELETE\r\n", keepAlive);
    }
    boolean pause = parts[1].equals("pause");
    if (!pause && !parts[1].equals("resume")) return send(connection, 404, error("not found"), "", keepAlive);
    if (!method.equals("POST")) return send(connection, 405, error("POST only"), "Allow: POST\r\n", keepAlive);
    boolean changed = pause ? registration.pause() : registration.resume();
    Map<String, Object> body = SourceStatus.of(registration);
    body.put("changed", changed);
    return send(connection, 200, body, "", keepAlive);
  }

  private Map<String, Object> stats() {
    ServerStats s = server.stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uptimeMs", (System.nanoTime() - startedNanos) / 1e6);
    m.put("sources", s.registeredUrls());
    Map<String, Object> connections = new LinkedHashMap<>();
    connections.put("openConnections", s.openConnections());
    connections.put("acceptedConnections", s.acceptedConnections());
    connections.put("refusedConnections", s.refusedConnections());
    connections.put("timedOutConnections", s.timedOutConnections());
    connections.put("requests", s.requests());
    m.put("server", connections);
    m.put("store", store.metrics().asMap());
    return m;
  }

  private Registration find(String id) {
    for (Registration r : server.registrations()) {
      if (r.id().equals(id)) return r;
    }
    return null;
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    byte[] given = sha256(header.substring(7).trim());
    int diff = 0;
    for (int i = 0; i < tokenDigest.length; i++) diff |= tokenDigest[i] ^ given[i];
    return diff == 0;
  }

  private static boolean send(Connection connection, int status, Object body, String extraHeaders, boolean keepAlive)
      throws IOException {
    byte[] json = (JsonWriter.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + Status.reason(status) + "\r\n"
        + "Date: " + HttpDates.now() + "\r\n"
        + extraHeaders
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + json.length + "\r\n"
        + "Cache-Control: no-store\r\n"
        + (keepAlive ? "" : "Connection: close\r\n")
        + "\r\n";
    connection.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)), ByteBuffer.wrap(json));
    return keepAlive;
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  /** An id from the request, shown back only when it is short and plain. */
  private static String safe(String id) {
    return id.length() <= 20 && id.chars().allMatch(Character::isLetterOrDigit) ? id : "(malformed)";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
