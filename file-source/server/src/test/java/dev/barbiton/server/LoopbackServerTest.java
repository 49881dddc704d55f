package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceKey;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's API: local URLs, registration, options, ports, close. */
@Timeout(60)
class LoopbackServerTest extends ServerFixture {
  private final byte[] content = MediaServer.testContent(1 << 20, 91);

  @Test
  void urlFor_givesAnUnguessableLoopbackUrlWithTheFileName_newOnEachCall() {
    origin.serve("/dir/My Film (2024).mp4", content);
    URI origin = this.origin.uri("/dir/My%20Film%20(2024).mp4");

    URI first = server.urlFor(origin);
    URI second = server.urlFor(origin);

    assertEquals("http", first.getScheme());
    assertEquals("127.0.0.1", first.getHost());
    assertEquals(server.port(), first.getPort());
    String[] path = first.getPath().split("/");
    assertEquals(3, path.length);
    assertTrue(Tokens.isWellFormed(path[1]), first.toString());
    assertEquals("My_Film__2024_.mp4", path[2]);
    assertNotEquals(first, second);
    assertEquals(2, server.stats().registeredUrls());
  }

  @Test
  void fileNames_areSafeForAnyPlayer() {
    assertEquals("media", Registrations.fileName(URI.create("http://h/")));
    assertEquals("media", Registrations.fileName(URI.create("http://h")));
    assertEquals("media..", Registrations.fileName(URI.create("http://h/a/..")));
    assertEquals("media.hidden", Registrations.fileName(URI.create("http://h/.hidden")));
    assertEquals("a.mp4", Registrations.fileName(URI.create("http://h/x/a.mp4?token=secret")));
    assertEquals(100, Registrations.fileName(URI.create("http://h/" + "a".repeat(300))).length());
  }

  @Test
  void urlFor_refusesWhatIsNotHttp_withoutShowingSecrets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> server.urlFor(URI.create("ftp://user:hunter2@h/a.mp4?sig=s3cret")));
    assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("s3cret"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> server.urlFor(URI.create("http://h:99999/a")));
    assertThrows(IllegalArgumentException.class, () -> server.urlFor(URI.create("/relative")));
  }

  @Test
  void optionsOfARegistration_reachItsSource() throws Exception {
    origin.serve("/signed.bin", content);
    URI local = server.urlFor(origin.uri("/signed.bin?sig=1"),
        options().header("Authorization", "Bearer t0ken").cacheKey(ResourceKey.of("the-film")).build());

    Curl.Result result = Curl.run(dir, local.toString());

    assertArrayEquals(content, result.body());
    assertEquals("Bearer t0ken", origin.takeRequest(DEADLINE).header("Authorization"));
    assertTrue(store.stats().resources() >= 1);
    URI again = server.urlFor(origin.uri("/signed.bin?sig=2"), options().cacheKey(ResourceKey.of("the-film")).build());
    int requests = origin.requestCount();
    assertArrayEquals(content, Curl.run(dir, again.toString()).body());
    assertEquals(requests, origin.requestCount(), "same cache key: served from the cache");
  }

  @Test
  void fixedPort_isUsed_andABusyOneIsABindException() throws Exception {
    int port;
    try (LoopbackServer probe = LoopbackServer.builder(store).start()) {
      port = probe.port();
    }
    try (LoopbackServer fixed = LoopbackServer.builder(store).port(port).start()) {
      assertEquals(port, fixed.port());
      assertArrayEquals(new byte[] {127, 0, 0, 1}, fixed.address().getAddress().getAddress());
      assertThrows(BindException.class, () -> LoopbackServer.builder(store).port(port).start());
    }
  }

  @Test
  void builder_refusesBadValues() {
    LoopbackServer.Builder builder = LoopbackServer.builder(store);
    assertThrows(IllegalArgumentException.class, () -> builder.port(-1));
    assertThrows(IllegalArgumentException.class, () -> builder.port(65536));
    assertThrows(IllegalArgumentException.class, () -> builder.maxConnections(0));
    assertThrows(IllegalArgumentException.class, () -> builder.idleTimeout(java.time.Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.writeTimeout(java.time.Duration.ofSeconds(-1)));
  }

  @Test
  void close_cutsResponsesInProgress_freesThePort_andRefusesNewUrls() throws Exception {
    URI local = serve("/slow.bin", content);
    origin.resource("/slow.bin").throttle(64 << 10);
    LoopbackServer other = LoopbackServer.builder(store).start();
    URI otherLocal = other.urlFor(origin.uri("/slow.bin"));
    try (RawClient client = new RawClient(other.port())) {
      client.send("GET " + otherLocal.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawClient.Response head = client.readHead();
      assertEquals(200, head.status());

      other.close();

      assertTrue(client.closedByServerAfterBody());
    }
    assertEquals(0, other.stats().openConnections());
    assertThrows(IllegalStateException.class, () -> other.urlFor(origin.uri("/slow.bin")));
    assertThrows(IOException.class, () -> new RawClient(other.port()).close());
    assertArrayEquals(Arrays.copyOf(content, 10), Curl.run(dir, "-r", "0-9", local.toString()).body(), "the other server is not affected");
  }
}
