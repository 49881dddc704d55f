package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CORS, so that a page of another origin can play and seek with a player that fetches the media
 * itself: the headers on every answer, and the preflight a {@code Range} of several ranges needs.
 */
@Timeout(120)
class CorsTest extends ServerFixture {
  private static final String EXPOSED = "Accept-Ranges, Content-Length, Content-Range, ETag, Last-Modified";
  private final byte[] content = MediaServer.testContent(1 << 20, 53);

  @Test
  void everyAnswer_letsAnyOriginReadIt_andExposesWhatSeekingNeeds() throws Exception {
    URI local = serve("/a.bin", content);
    String origin = "Origin: http://127.0.0.1:9";

    Curl.Result ranged = Curl.run(dir, "-H", origin, "-r", "10-19", local.toString());
    Curl.Result unsatisfiable = Curl.run(dir, "-H", origin, "-r", content.length + "-", local.toString());
    Curl.Result unknown = Curl.run(dir, "-H", origin, local.resolve("/AAAAAAAAAAAAAAAAAAAAAA/x").toString());

    assertStatus(206, ranged);
    assertArrayEquals(Arrays.copyOfRange(content, 10, 20), ranged.body());
    assertStatus(416, unsatisfiable);
    assertStatus(404, unknown);
    for (Curl.Result result : new Curl.Result[] {ranged, unsatisfiable, unknown}) {
      assertEquals("*", result.header("Access-Control-Allow-Origin"), result.toString());
      assertEquals(EXPOSED, result.header("Access-Control-Expose-Headers"), result.toString());
    }
  }

  @Test
  void preflight_is204_allowingGetAndHeadWithRangeAndConditions() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result preflight = Curl.run(dir, "-X", "OPTIONS", "-H", "Origin: http://127.0.0.1:9",
        "-H", "Access-Control-Request-Method: GET", "-H", "Access-Control-Request-Headers: range", local.toString());
    Curl.Result privateNetwork = Curl.run(dir, "-X", "OPTIONS", "-H", "Origin: https://example.com",
        "-H", "Access-Control-Request-Method: GET", "-H", "Access-Control-Request-Private-Network: true", local.toString());

    assertStatus(204, preflight);
    assertEquals(0, preflight.body().length);
    assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
    assertEquals("GET, HEAD, OPTIONS", preflight.header("Access-Control-Allow-Methods"));
    assertEquals("Range, If-Range, If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since", preflight.header("Access-Control-Allow-Headers"));
    assertEquals("600", preflight.header("Access-Control-Max-Age"));
    assertEquals("GET, HEAD, OPTIONS", preflight.header("Allow"));
    assertNull(preflight.header("Access-Control-Allow-Private-Network"), "only when asked");
    assertStatus(204, privateNetwork);
    assertEquals("true", privateNetwork.header("Access-Control-Allow-Private-Network"));
    assertEquals(0, origin.requestCount(), "a preflight opens no download: " + origin.requests());
  }

  @Test
  void optionsOfAnUnknownToken_is404_andOfTheServer_is204() throws Exception {
    URI local = serve("/a.bin", content);
    try (RawClient client = new RawClient(server.port())) {
      client.send("OPTIONS /AAAAAAAAAAAAAAAAAAAAAA/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals(404, client.read().status());
      client.send("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawClient.Response any = client.readHead();
      assertEquals(204, any.status());
      assertEquals("GET, HEAD, OPTIONS", any.header("Allow"));
      client.send("OPTIONS " + local.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals(204, client.readHead().status(), "the connection carries on after a 204");
    }
  }

  @Test
  void withCorsOff_noAnswerCarriesItsHeaders() throws Exception {
    origin.serve("/a.bin", content);
    try (LoopbackServer plain = LoopbackServer.builder(store).defaultOptions(options().build()).cors(false).start()) {
      URI local = plain.urlFor(origin.uri("/a.bin"));

      Curl.Result get = Curl.run(dir, "-H", "Origin: http://127.0.0.1:9", "-r", "0-9", local.toString());
      Curl.Result preflight = Curl.run(dir, "-X", "OPTIONS", "-H", "Origin: http://127.0.0.1:9",
          "-H", "Access-Control-Request-Method: GET", local.toString());

      assertStatus(206, get);
      assertNull(get.header("Access-Control-Allow-Origin"));
      assertStatus(204, preflight);
      assertNull(preflight.header("Access-Control-Allow-Origin"));
      assertNull(preflight.header("Access-Control-Allow-Methods"));
      assertEquals("GET, HEAD, OPTIONS", preflight.header("Allow"));
    }
  }
}
