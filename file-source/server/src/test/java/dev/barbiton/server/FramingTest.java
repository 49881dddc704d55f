package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Message framing byte by byte on one connection: HEAD without a body, pipelining, HTTP/1.0, limits. */
@Timeout(60)
class FramingTest extends ServerFixture {
  private final byte[] content = MediaServer.testContent(300_000, 71);
  private URI local;

  @Override
  LoopbackServer.Builder configure(LoopbackServer.Builder builder) {
    return builder.maxConnections(3);
  }

  @BeforeEach
  void register() {
    local = serve("/f.bin", content);
  }

  private String request(String method, String version, String... headerLines) {
    StringBuilder request = new StringBuilder(method + " " + local.getRawPath() + " " + version + "\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) request.append(line).append("\r\n");
    return request.append("\r\n").toString();
  }

  @Test
  void headThenGet_onOneConnection_headHasNoBody() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response head = client.send(request("HEAD", "HTTP/1.1")).readHead();
      RawClient.Response get = client.send(request("GET", "HTTP/1.1", "Range: bytes=10-19")).read();

      assertEquals(200, head.status());
      assertEquals(Integer.toString(content.length), head.header("Content-Length"));
      assertEquals(206, get.status(), "the GET's status line right after the HEAD's headers");
      assertArrayEquals(Arrays.copyOfRange(content, 10, 20), get.body());
    }
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      client.send(request("GET", "HTTP/1.1", "Range: bytes=0-99") + request("HEAD", "HTTP/1.1")
          + request("GET", "HTTP/1.1", "Range: bytes=-50") + request("GET", "HTTP/1.1", "Connection: close"));

      assertArrayEquals(Arrays.copyOf(content, 100), client.read().body());
      assertEquals(200, client.readHead().status());
      assertArrayEquals(Arrays.copyOfRange(content, content.length - 50, content.length), client.read().body());
      RawClient.Response last = client.read();
      assertArrayEquals(content, last.body());
      assertEquals("close", last.header("Connection"));
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void http10_closesAfterTheResponse_unlessKeepAliveIsAsked() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send(request("GET", "HTTP/1.0")).read();
      assertArrayEquals(content, response.body());
      assertEquals("close", response.header("Connection"));
      assertTrue(client.closedByServer());
    }
    try (RawClient client = new RawClient(server.port())) {
      assertEquals(206, client.send(request("GET", "HTTP/1.0", "Connection: keep-alive", "Range: bytes=0-0")).read().status());
      assertEquals(206, client.send(request("GET", "HTTP/1.0", "Connection: keep-alive", "Range: bytes=1-1")).read().status());
    }
  }

  @Test
  void emptyLinesBeforeARequest_areIgnored_andBareLineFeedsAccepted() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send("\r\n\r\nGET " + local.getRawPath() + " HTTP/1.1\nHost: 127.0.0.1\nRange: bytes=5-5\n\n").read();
      assertEquals(206, response.status());
      assertArrayEquals(new byte[] {content[5]}, response.body());
    }
  }

  @Test
  void connectionsPastTheLimit_are503() throws Exception {
    try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port());
        RawClient c = new RawClient(server.port())) {
      awaitCondition("three open", () -> server.stats().openConnections() == 3);
      try (RawClient d = new RawClient(server.port())) {
        RawClient.Response busy = d.readHead();
        assertEquals(503, busy.status());
        assertEquals("1", busy.header("Retry-After"));
        assertTrue(d.closedByServer());
      }
      assertEquals(206, a.send(request("GET", "HTTP/1.1", "Range: bytes=0-0")).read().status(), "the three still served");
    }
    awaitCondition("all closed", () -> server.stats().openConnections() == 0);
    try (RawClient e = new RawClient(server.port())) {
      assertEquals(206, e.send(request("GET", "HTTP/1.1", "Range: bytes=0-0")).read().status(), "permits came back");
    }
    assertEquals(1, server.stats().refusedConnections());
  }

  @Test
  void emptyFile_isAnEmpty200_andEveryRangeOfIt416() throws Exception {
    URI empty = serve("/empty.bin", new byte[0]);
    try (RawClient client = new RawClient(server.port())) {
      String get = "GET " + empty.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      RawClient.Response whole = client.send(get + "\r\n").read();
      RawClient.Response range = client.send(get + "Range: bytes=0-\r\n\r\n").read();

      assertEquals(200, whole.status());
      assertEquals("0", whole.header("Content-Length"));
      assertEquals(416, range.status());
      assertEquals("bytes */0", range.header("Content-Range"));
      assertNull(whole.header("Transfer-Encoding"));
    }
  }
}
