package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The status API over real loopback HTTP: token, listing, details, pause/resume, delete, stats, refusals. */
@Timeout(90)
class StatusApiTest extends ServerFixture {
  private static final String TOKEN = "t3st-t0ken-of-the-app-0123";
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void closeClientConnections() {
    http.connectionPool().evictAll(); // its idle keep-alive connections: the fixture checks all are closed
  }

  @Override
  LoopbackServer.Builder configure(LoopbackServer.Builder builder) {
    return builder.statusApi(TOKEN);
  }

  @Test
  void withoutTheToken_401_withAWrongOne_401() throws Exception {
    serve("/a.bin", MediaServer.testContent(1000, 1));
    try (Response none = call("GET", "/api/v1/sources", null)) {
      assertEquals(401, none.code());
      assertEquals("Bearer realm=\"barbiton\"", none.header("WWW-Authenticate"));
      assertEquals("missing or wrong token", json(none).get("error").getAsString());
    }
    for (String wrong : List.of("Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, TOKEN)) {
      try (Response r = call("GET", "/api/v1/sources", wrong)) {
        assertEquals(401, r.code(), wrong);
      }
    }
    assertEquals(TOKEN, server.statusApiToken().orElseThrow());
  }

  @Test
  void aSource_listedWithItsUrlRedacted_statusMediaDetailsAndMetrics() throws Exception {
    byte[] mp4 = sample(SampleMedia.mp4(2, true));
    origin.serve("/film.mp4", mp4).contentType("video/mp4");
    URI local = server.urlFor(origin.uri("/film.mp4?sig=s3cret"));
    JsonObject idle = onlySource();
    assertEquals("idle", idle.get("status").getAsString());
    assertTrue(idle.get("metrics").isJsonNull(), "no source opened before the first request");

    try (Response r = http.newCall(new Request.Builder().url(local.toString()).build()).execute()) {
      assertArrayEquals(mp4, r.body().bytes());
    }
    origin.awaitIdle(DEADLINE);
    awaitCondition("complete", () -> onlySource().get("status").getAsString().equals("complete"));
    JsonObject s = get("/api/v1/sources/" + idle.get("id").getAsString());
    assertEquals(idle.get("id"), s.get("id"));
    assertFalse(s.toString().contains("s3cret"), s.toString());
    assertTrue(s.get("url").getAsString().startsWith(origin.url("/film.mp4")), s.toString());
    assertEquals(mp4.length, s.get("bytesCached").getAsLong());
    assertEquals(mp4.length, s.get("length").getAsLong());
    assertEquals(1.0, s.get("fractionCached").getAsDouble());
    assertEquals("320x240", s.get("resolution").getAsString());
    assertEquals(320, s.get("width").getAsInt());
    assertEquals(25.0, s.get("frameRate").getAsDouble(), 0.01);
    assertTrue(s.get("bitrate").getAsLong() > 0, s.toString());
    JsonObject media = s.getAsJsonObject("media");
    assertEquals("mp4", media.get("container").getAsString());
    assertEquals("video", media.getAsJsonArray("tracks").get(0).getAsJsonObject().get("kind").getAsString());
    JsonObject metrics = s.getAsJsonObject("metrics");
    assertEquals(mp4.length, metrics.get("bytesFromNetwork").getAsLong());
    assertEquals(origin.requestCount(), metrics.get("requests").getAsLong());
    assertEquals(mp4.length, metrics.get("bytesRead").getAsLong(), "the response read every byte");
    assertEquals(0, metrics.get("retries").getAsLong());
    assertTrue(metrics.get("timeToFirstByteMs").getAsDouble() > 0);
    assertTrue(metrics.get("retriesByCause").getAsJsonObject().has("connection"));
  }

  @Test
  void pauseAndResume_holdTheDownloadAndGoOnFromTheCachedBytes() throws Exception {
    byte[] content = MediaServer.testContent(4 << 20, 2);
    origin.serve("/slow.bin", content).throttle(1 << 20);
    // One connection: the resume's single request from the first missing byte is the point.
    URI local = server.urlFor(origin.uri("/slow.bin"), options().acceptAnyContent(true).connections(1).build());
    String id = onlySource().get("id").getAsString();
    try (Response first = http.newCall(new Request.Builder().url(local.toString()).header("Range", "bytes=0-999").build()).execute()) {
      assertEquals(206, first.code());
    }
    awaitCondition("128 KiB cached", () -> cached(id) >= 128 << 10);

    try (Response paused = call("POST", "/api/v1/sources/" + id + "/pause", "Bearer " + TOKEN)) {
      JsonObject body = json(paused);
      assertEquals(200, paused.code());
      assertEquals("paused", body.get("status").getAsString());
      assertTrue(body.get("changed").getAsBoolean());
    }
    origin.awaitIdle(DEADLINE); // the running response was cut
    long cachedAtPause = cached(id);
    int requestsAtPause = origin.requestCount();
    try (Response again = call("POST", "/api/v1/sources/" + id + "/pause", "Bearer " + TOKEN)) {
      assertFalse(json(again).get("changed").getAsBoolean(), "paused already");
    }
    assertEquals("paused", get("/api/v1/sources/" + id).get("status").getAsString());
    assertEquals(requestsAtPause, origin.requestCount());

    try (Response resumed = call("POST", "/api/v1/sources/" + id + "/resume", "Bearer " + TOKEN)) {
      assertEquals("downloading", json(resumed).get("status").getAsString());
    }
    awaitCondition("complete", () -> get("/api/v1/sources/" + id).get("status").getAsString().equals("complete"));
    List<ServedRequest> requests = origin.requests();
    assertEquals(requestsAtPause + 1, requests.size(), requests.toString());
    assertEquals("bytes=" + cachedAtPause + "-", requests.get(requests.size() - 1).header("Range"));
    JsonObject metrics = get("/api/v1/sources/" + id).getAsJsonObject("metrics");
    assertEquals(content.length, metrics.get("bytesFromNetwork").getAsLong(), "no byte fetched twice");
    assertEquals(0, metrics.get("failedRequests").getAsLong());
  }

  @Test
  void delete_releasesTheUrl_whoseRequestsAre404Then() throws Exception {
    URI local = serve("/gone.bin", MediaServer.testContent(10_000, 3));
    String id = onlySource().get("id").getAsString();
    try (Response deleted = call("DELETE", "/api/v1/sources/" + id, "Bearer " + TOKEN)) {
      assertEquals(200, deleted.code());
      assertTrue(json(deleted).get("deleted").getAsBoolean());
    }
    try (Response r = http.newCall(new Request.Builder().url(local.toString()).build()).execute()) {
      assertEquals(404, r.code());
    }
    try (Response r = call("GET", "/api/v1/sources/" + id, "Bearer " + TOKEN)) {
      assertEquals(404, r.code());
    }
    try (Response r = call("DELETE", "/api/v1/sources/" + id, "Bearer " + TOKEN)) {
      assertEquals(404, r.code());
    }
    assertEquals(0, get("/api/v1/sources").getAsJsonArray("sources").size());
  }

  @Test
  void stats_giveUptimeServerCountersAndTheStoresTotals() throws Exception {
    byte[] content = MediaServer.testContent(300_000, 4);
    origin.serve("/s.bin", content);
    URI local = server.urlFor(origin.uri("/s.bin"), options().acceptAnyContent(true).build());
    try (Response r = http.newCall(new Request.Builder().url(local.toString()).build()).execute()) {
      assertArrayEquals(content, r.body().bytes());
    }
    JsonObject stats = get("/api/v1/stats");
    assertTrue(stats.get("uptimeMs").getAsDouble() > 0);
    assertEquals(1, stats.get("sources").getAsInt());
    assertTrue(stats.getAsJsonObject("server").get("requests").getAsLong() >= 2);
    JsonObject store = stats.getAsJsonObject("store");
    assertEquals(content.length, store.get("bytesWritten").getAsLong());
    assertEquals(content.length, store.get("bytesRead").getAsLong());
    assertEquals(content.length, store.get("bytesUsed").getAsLong());
    assertEquals(0, store.get("evictions").getAsLong());
  }

  @Test
  void refusals_unknownPaths404_wrongMethods405_foreignHost421_bodies413() throws Exception {
    serve("/r.bin", MediaServer.testContent(1000, 5));
    String auth = "Bearer " + TOKEN;
    try (Response r = call("GET", "/api/v1/nothing", auth)) {
      assertEquals(404, r.code());
    }
    try (Response r = call("GET", "/api/v1/sources/999", auth)) {
      assertEquals(404, r.code());
      assertEquals("no source 999", json(r).get("error").getAsString());
    }
    try (Response r = call("POST", "/api/v1/sources", auth)) {
      assertEquals(405, r.code());
      assertEquals("GET", r.header("Allow"));
    }
    try (Response r = call("GET", "/api/v1/sources/1/pause", auth)) {
      assertEquals(405, r.code());
    }
    try (RawClient raw = new RawClient(server.port())) {
      raw.send("GET /api/v1/sources HTTP/1.1\r\nHost: evil.example\r\nAuthorization: " + auth + "\r\n\r\n");
      assertEquals(421, raw.read().status());
    }
    try (RawClient raw = new RawClient(server.port())) {
      raw.send("POST /api/v1/sources/1/pause HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
          + "\r\nContent-Length: 3\r\n\r\nabc");
      assertEquals(413, raw.read().status());
    }
  }

  @Test
  void serverWithoutTheApi_answersItsPaths404() throws Exception {
    try (LoopbackServer plain = LoopbackServer.builder(store).start();
        Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + plain.port() + "/api/v1/sources")
            .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
      assertEquals(404, r.code());
      assertTrue(plain.statusApiToken().isEmpty());
    }
  }

  @Test
  void onAnotherInterface_theApiIsNotThere() throws Exception {
    InetAddress lan = nonLoopbackAddress();
    assumeTrue(lan != null, "this machine has no IPv4 address but loopback");
    try (LoopbackServer cast = LoopbackServer.builder(store).bindAddress(lan).statusApi(TOKEN).start();
        Response r = http.newCall(new Request.Builder()
            .url("http://" + lan.getHostAddress() + ":" + cast.port() + "/api/v1/sources")
            .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
      assertEquals(404, r.code(), "from " + lan + " to " + lan + ": no loopback connection");
    }
  }

  // ---- helpers ----

  private Response call(String method, String path, String authorization) throws IOException {
    Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + server.port() + path);
    if (authorization != null) request.header("Authorization", authorization);
    request.method(method, method.equals("POST") ? RequestBody.create(new byte[0]) : null);
    return http.newCall(request.build()).execute();
  }

  private JsonObject get(String path) {
    try (Response r = call("GET", path, "Bearer " + TOKEN)) {
      assertEquals(200, r.code(), path);
      assertEquals("application/json", r.header("Content-Type"));
      return json(r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonObject onlySource() {
    var sources = get("/api/v1/sources").getAsJsonArray("sources");
    assertEquals(1, sources.size(), sources.toString());
    return sources.get(0).getAsJsonObject();
  }

  private long cached(String id) {
    JsonElement bytes = get("/api/v1/sources/" + id).get("bytesCached");
    return bytes.isJsonNull() ? 0 : bytes.getAsLong();
  }

  private static JsonObject json(Response response) throws IOException {
    JsonObject body = JsonParser.parseString(response.body().string()).getAsJsonObject();
    assertNotNull(body);
    return body;
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) continue;
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) return address;
      }
    }
    return null;
  }
}
