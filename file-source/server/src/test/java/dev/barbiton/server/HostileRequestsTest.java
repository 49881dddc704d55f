package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What no player sends: oversized and malformed heads, bodies, paths that try to leave the
 * server's tokens, unknown tokens, foreign hosts, and clients too slow to finish a head, idle or
 * not reading. Each is refused with its status or timed out, and no connection stays behind
 * (checked after every test).
 */
@Timeout(60)
class HostileRequestsTest extends ServerFixture {
  private static final Duration TIMEOUT = Duration.ofMillis(600);
  private final byte[] content = MediaServer.testContent(4 << 20, 61);
  private URI local;

  @Override
  LoopbackServer.Builder configure(LoopbackServer.Builder builder) {
    return builder.idleTimeout(TIMEOUT).headerTimeout(TIMEOUT).writeTimeout(TIMEOUT);
  }

  @BeforeEach
  void register() {
    local = serve("/media.bin", content);
  }

  private String get(String target, String... headerLines) {
    StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
    for (String line : headerLines) request.append(line).append("\r\n");
    return request.append("\r\n").toString();
  }

  /** Sends {@code request} on a new connection; returns the response, after checking the server closed. */
  private RawClient.Response refused(String request) throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send(request).read();
      assertTrue(client.closedByServer(), "closed after " + response.status());
      return response;
    }
  }

  /** Sends {@code request}; returns the response, after checking that the connection stays usable. */
  private RawClient.Response answered(String request) throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send(request).read();
      assertEquals(206, client.send(get(local.getRawPath(), "Range: bytes=0-0")).read().status(), "usable after");
      return response;
    }
  }

  @Test
  void hugeHeaders_are431() throws Exception {
    assertEquals(431, refused(get("/x", "X-Big: " + "a".repeat(20_000))).status());
    assertEquals(431, refused(get("/x", "X-Many: 1\r\n".repeat(101).trim())).status());
  }

  @Test
  void hugeRequestLine_is414() throws Exception {
    assertEquals(414, refused(get("/" + "a".repeat(9_000))).status());
    assertEquals(414, refused(get("/" + "a".repeat(40_000))).status());
  }

  @Test
  void malformedHeads_are400_or505() throws Exception {
    assertEquals(400, refused("HELLO\r\n\r\n").status());
    assertEquals(400, refused("GET  /x HTTP/1.1\r\nHost: a\r\n\r\n").status());
    assertEquals(400, refused("GET /x HTTP/1.1x\r\nHost: a\r\n\r\n").status());
    assertEquals(505, refused("GET /x HTTP/2.0\r\nHost: a\r\n\r\n").status());
    assertEquals(400, refused("GET /x HTTP/1.1\r\n\r\n").status(), "no Host");
    assertEquals(400, refused(get("/x", "Host: 127.0.0.1")).status(), "two Hosts");
    assertEquals(400, refused(get("/x", "X-A: 1", " folded")).status());
    assertEquals(400, refused(get("/x", "X-A : 1")).status());
    assertEquals(400, refused(get("/x", "X-A: a\u0000b")).status());
    assertEquals(400, refused(get("/x", "X-A: a\rb")).status());
  }

  @Test
  void methodsOtherThanGetHeadAndOptions_are405() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "BREW"}) {
      RawClient.Response response = refused(method + " " + local.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals(405, response.status(), method);
      assertEquals("GET, HEAD, OPTIONS", response.header("Allow"));
    }
  }

  @Test
  void requestBodies_areRefused() throws Exception {
    assertEquals(413, refused(get(local.getRawPath(), "Content-Length: 5") + "hello").status());
    assertEquals(400, refused(get(local.getRawPath(), "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n").status());
    assertEquals(400, refused(get(local.getRawPath(), "Content-Length: 0", "Content-Length: 0")).status());
  }

  @Test
  void pathsOutOfTheTokens_neverReachAFile() throws Exception {
    String token = local.getRawPath().split("/")[1];
    for (String target : new String[] {"/", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/cache/.lock", "/favicon.ico",
        "/AAAAAAAAAAAAAAAAAAAAAA/media.bin", "/" + token.toLowerCase(java.util.Locale.ROOT) + "/media.bin",
        "/" + token + "x/media.bin", "/%" + token.substring(1) + "/media.bin"}) {
      RawClient.Response response = answered(get(target));
      assertEquals(404, response.status(), target);
    }
    assertEquals(400, refused(get("*")).status());
    // Only the token counts: what follows it is a name for players, never a path.
    RawClient.Response media = answered(get("/" + token + "/../../../../etc/passwd"));
    assertEquals(200, media.status());
    assertArrayEquals(content, media.body());
    RawClient.Response absolute = answered(get("http://127.0.0.1:" + server.port() + local.getRawPath()));
    assertArrayEquals(content, absolute.body(), "the absolute form of RFC 9112 3.2.2");
  }

  @Test
  void foreignHost_is421() throws Exception {
    RawClient.Response response = answered("GET " + local.getRawPath() + " HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\n\r\n");
    assertEquals(421, response.status());
    assertEquals(200, answered("GET " + local.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n").status());
  }

  @Test
  void slowloris_isClosedAtTheHeaderTimeout() throws Exception {
    String request = get(local.getRawPath());
    long start = System.nanoTime();
    boolean closed = false;
    try (RawClient client = new RawClient(server.port())) {
      try {
        // The dribble: a byte, then up to 50 ms waiting for the server to close; never a whole head.
        for (int i = 0; i < request.length() - 2 && !closed; i++) {
          client.send(request.substring(i, i + 1));
          closed = client.closedWithin(50);
          if (System.nanoTime() - start > TIMEOUT.toNanos() * 10) break;
        }
      } catch (java.net.SocketException gone) {
        closed = true; // the server closed it as we sent: what the test wants
      }
      assertTrue(closed || client.closedByServer(), "still open after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMillis < TIMEOUT.toMillis() * 10, "closed after " + elapsedMillis + " ms");
    assertEquals(1, server.stats().timedOutConnections());
  }

  @Test
  void idleConnection_isClosedAtTheIdleTimeout() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      assertEquals(200, client.send(get(local.getRawPath())).read().status());
      assertTrue(client.closedByServer(), "idle after a response");
    }
    try (RawClient client = new RawClient(server.port())) {
      assertTrue(client.closedByServer(), "idle from the start");
    }
    assertEquals(2, server.stats().timedOutConnections());
  }

  @Test
  void clientThatStopsReading_isClosedAtTheWriteTimeout() throws Exception {
    try (RawClient client = new RawClient(server.port(), 4096)) {
      client.send(get(local.getRawPath()));
      awaitCondition("timed out: " + server.stats(), () -> server.stats().timedOutConnections() == 1);
    }
  }

  @Test
  void clientThatLeavesWhileItsResponseWaits_costsNothing() throws Exception {
    URI stalled = serve("/stalled.bin", content);
    origin.resource("/stalled.bin").always(Fault.stallAfter(0));
    try (RawClient client = new RawClient(server.port())) {
      client.send(get(stalled.getRawPath(), "Range: bytes=2000000-"));
      assertTrue(client.quietFor(300), "waiting for bytes that do not come");
    }
    // The source's read timeout is 30 s: the wait ends long before, when the client is gone.
    long start = System.nanoTime();
    awaitCondition("the response gave up", () -> server.stats().openConnections() == 0);
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }
}
