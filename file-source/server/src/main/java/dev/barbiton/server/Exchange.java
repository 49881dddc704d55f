package dev.barbiton.server;

import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.events.Redaction;
import java.io.IOException;

/**
 * One request: routing by token and the checks of RFC 9110/9112 a real client relies on; a GET or
 * HEAD of a registered source is answered by {@link MediaResponse}, an {@code OPTIONS} here.
 *
 * <h2>Order</h2>
 *
 * <ol>
 *   <li>Refusals that need no source: a method other than GET, HEAD and OPTIONS (405), a request
 *       body (413, or 400 for a {@code Transfer-Encoding}), a missing or repeated {@code Host}
 *       (400), a {@code Host} that is not a loopback name on a loopback server (421: a page that
 *       rebinds its DNS name to 127.0.0.1 gets nothing), a target that is not {@code
 *       /<token>/...} of a registered token (404). Nothing of the target is ever used but the
 *       token: no file name reaches the file system, and there is no listing.
 *   <li>{@code OPTIONS}: 204 with {@code Allow}; with CORS on ({@link
 *       LoopbackServer.Builder#cors}), a preflight's answer too: any origin may GET and HEAD with
 *       {@code Range} and the conditional headers (a multi-range {@code Range} is not
 *       CORS-safelisted, so a page's fetch of one is preflighted), and, for Chromium's Private
 *       Network Access, {@code Access-Control-Allow-Private-Network} when asked. The source is not
 *       opened for it.
 *   <li>GET and HEAD: {@link MediaResponse}.
 * </ol>
 *
 * <p>With CORS on, every answer for a registered token (errors too, so a page can tell a 416 from
 * a network failure) carries {@link ResponseHead#CORS}.
 */
final class Exchange {
  private static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final String PREFLIGHT = "Access-Control-Allow-Methods: " + ALLOW + "\r\n"
      + "Access-Control-Allow-Headers: Range, If-Range, If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since\r\n"
      + "Access-Control-Max-Age: 600\r\n";

  private final LoopbackServer server;
  private final Connection connection;
  private final RequestHead head;
  private final boolean headOnly;
  private final boolean keepAlive;

  Exchange(LoopbackServer server, Connection connection, RequestHead head) {
    this.server = server;
    this.connection = connection;
    this.head = head;
    this.headOnly = head.method().equals("HEAD");
    this.keepAlive = head.keepAlive();
  }

  /** Answers the request. Returns whether the connection may carry another. */
  boolean respond() throws IOException {
    StatusApi api = server.statusApi();
    if (api != null && StatusApi.isApiTarget(head.target())) return api.respond(connection, head);
    String method = head.method();
    boolean options = method.equals("OPTIONS");
    if (!headOnly && !options && !method.equals("GET")) {
      // A body may follow that this server does not read: close after answering.
      return refuse(405, "Allow: " + ALLOW + "\r\n", false);
    }
    if (head.header("transfer-encoding") != null) return refuse(400, "", false);
    String contentLength = head.header("content-length");
    if (head.count("content-length") > 1) return refuse(400, "", false);
    if (contentLength != null && !contentLength.equals("0")) {
      return refuse(contentLength.chars().allMatch(Character::isDigit) ? 413 : 400, "", false);
    }
    String host = head.header("host");
    if (head.count("host") > 1 || (head.http11() && host == null)) return refuse(400, "", false); // RFC 9112 3.2
    if (host != null && server.checksHost() && !isLoopbackHost(host)) return refuse(421, "", keepAlive);
    String target = head.target();
    if (options && target.equals("*")) return noContent("Allow: " + ALLOW + "\r\n"); // the server as a whole
    if (!target.startsWith("/") && !target.regionMatches(true, 0, "http://", 0, 7)) {
      return refuse(400, "", false); // asterisk or authority form: never a GET's (RFC 9112 3.2)
    }
    String token = token(target);
    Registration registration = token == null ? null : server.registration(token);
    String cors = server.cors() ? ResponseHead.CORS : "";
    if (registration == null) return refuse(404, cors, keepAlive);
    if (options) return noContent("Allow: " + ALLOW + "\r\n" + (server.cors() ? cors + PREFLIGHT + privateNetwork() : ""));

    Registration.Lease lease;
    try {
      lease = registration.acquire();
    } catch (IOException | RuntimeException e) {
      logFailure(registration, "opening", e);
      return refuse(503, cors, keepAlive);
    }
    try {
      return new MediaResponse(this, connection, head, registration, lease.source, keepAlive, cors).send();
    } finally {
      registration.release(lease);
    }
  }

  /** Answers {@code status} with a short text body (none for HEAD) and {@code extraHeaders} (each line ending in CRLF). */
  boolean refuse(int status, String extraHeaders, boolean keep) throws IOException {
    connection.sendStatus(status, extraHeaders, headOnly, keep);
    return keep;
  }

  /** 204 with {@code headers}: no body, and no {@code Content-Length} (RFC 9110 8.6). */
  private boolean noContent(String headers) throws IOException {
    connection.write(ResponseHead.status(204).lines(headers).end(keepAlive));
    return keepAlive;
  }

  /**
   * Private Network Access: Chromium asks a server on loopback whether a page of a less private
   * address may reach it, by {@code Access-Control-Request-Private-Network: true} in the
   * preflight; the token guards the URL, as it does for any other page.
   */
  private String privateNetwork() {
    return "true".equalsIgnoreCase(head.header("access-control-request-private-network"))
        ? "Access-Control-Allow-Private-Network: true\r\n" : "";
  }

  /** Logs a response's failure; the URL redacted, and any URL in the messages too. */
  void logFailure(Registration registration, String what, Exception e) {
    if (e instanceof ResourceClosedException) {
      server.log().debug("{} of {} ({}): the source was closed", head.method(), Redaction.url(registration.uri().toString()), what);
      return;
    }
    server.log().warn("{} of {} ({}) failed: {}", head.method(), Redaction.url(registration.uri().toString()),
        what, Redaction.text(String.valueOf(e)));
  }

  /**
   * The token of a target {@code /<token>} or {@code /<token>/<anything>} (origin-form, or the
   * absolute-form {@code http://host/...} that RFC 9112 3.2.2 says a server must accept), or null.
   */
  static String token(String target) {
    String path = target;
    if (path.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = path.indexOf('/', 7);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    if (!path.startsWith("/")) return null;
    int query = path.indexOf('?');
    if (query >= 0) path = path.substring(0, query);
    int end = path.indexOf('/', 1);
    String token = end < 0 ? path.substring(1) : path.substring(1, end);
    return Tokens.isWellFormed(token) ? token : null;
  }

  /**
   * Whether a {@code Host} names this machine's loopback: {@code localhost}, {@code 127.x.y.z} or
   * {@code [::1]}, with any port.
   */
  static boolean isLoopbackHost(String host) {
    String name = host;
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      if (close < 0) return false;
      name = name.substring(0, close + 1);
    } else {
      int colon = name.indexOf(':');
      if (colon >= 0) name = name.substring(0, colon);
    }
    name = name.toLowerCase(java.util.Locale.ROOT);
    if (name.equals("localhost") || name.equals("[::1]")) return true;
    if (!name.startsWith("127.")) return false;
    String[] parts = name.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return false;
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }
}
