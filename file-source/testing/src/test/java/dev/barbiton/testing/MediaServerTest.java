package dev.barbiton.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link MediaServer} against a plain OkHttp client: ranges, validators, faults, records. */
@Timeout(20)
class MediaServerTest {
  private static final int SIZE = 100_000;
  private static final byte[] CONTENT = MediaServer.testContent(SIZE, 1);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .readTimeout(Duration.ofSeconds(5))
      .build();

  private MediaServer server;
  private MediaResource media;

  /** What a fetch produced: the response head, the body bytes received, and how reading ended. */
  private record Result(int code, Headers headers, byte[] body, IOException failure) {
    String header(String name) {
      return headers.get(name);
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = MediaServer.start();
    media = server.serve("/media.bin", CONTENT).contentType("video/mp4");
  }

  @AfterEach
  void closeServer() throws Exception {
    server.close();
  }

  @AfterAll
  static void closeClient() {
    CLIENT.dispatcher().executorService().shutdown();
    CLIENT.connectionPool().evictAll();
  }

  @Test
  void fullGet_returns200WithWholeBodyAndValidators() throws Exception {
    Result r = get(CLIENT, "/media.bin");
    assertEquals(200, r.code());
    assertArrayEquals(CONTENT, r.body());
    assertNull(r.failure());
    assertEquals(Integer.toString(SIZE), r.header("Content-Length"));
    assertEquals("bytes", r.header("Accept-Ranges"));
    assertEquals("video/mp4", r.header("Content-Type"));
    assertEquals(media.etag(), r.header("ETag"));
    assertTrue(media.etag().matches("\"[^\"]+\""), media.etag());
    assertEquals(media.lastModifiedHeader(), r.header("Last-Modified"));
    assertNull(r.header("Content-Range"));
  }

  @ParameterizedTest
  @CsvSource({
      "bytes=100-199, 100, 199",
      "bytes=0-0, 0, 0",
      "bytes=99000-, 99000, 99999",
      "bytes=-500, 99500, 99999",
      "bytes=99990-200000, 99990, 99999",
      "bytes=-200000, 0, 99999",
  })
  void range_returns206WithContentRangeAndExactBytes(String range, int first, int last) throws Exception {
    Result r = get(CLIENT, "/media.bin", "Range", range);
    assertEquals(206, r.code());
    assertEquals("bytes " + first + "-" + last + "/" + SIZE, r.header("Content-Range"));
    assertEquals(Integer.toString(last - first + 1), r.header("Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(CONTENT, first, last + 1), r.body());
    assertEquals(media.etag(), r.header("ETag"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=100000-", "bytes=100000-100005", "bytes=-0"})
  void unsatisfiableRange_returns416WithTotal(String range) throws Exception {
    Result r = get(CLIENT, "/media.bin", "Range", range);
    assertEquals(416, r.code());
    assertEquals("bytes */" + SIZE, r.header("Content-Range"));
    assertEquals(0, r.body().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=5-1", "bytes=0-1,5-6", "items=0-1", "bytes=-"})
  void invalidOrMultipleRanges_areIgnoredWith200(String range) throws Exception {
    Result r = get(CLIENT, "/media.bin", "Range", range);
    assertEquals(200, r.code());
    assertArrayEquals(CONTENT, r.body());
  }

  @Test
  void ifRangeWithCurrentEtagOrDate_returns206() throws Exception {
    Result byEtag = get(CLIENT, "/media.bin", "Range", "bytes=10-19", "If-Range", media.etag());
    Result byDate = get(CLIENT, "/media.bin", "Range", "bytes=10-19", "If-Range", media.lastModifiedHeader());
    assertEquals(206, byEtag.code());
    assertEquals(206, byDate.code());
    assertArrayEquals(Arrays.copyOfRange(CONTENT, 10, 20), byDate.body());
  }

  @Test
  void ifRangeAfterReplace_returns200WithTheWholeNewVersion() throws Exception {
    String oldEtag = media.etag();
    String oldDate = media.lastModifiedHeader();
    byte[] next = MediaServer.testContent(SIZE + 7, 2);
    server.replace("/media.bin", next);
    assertNotEquals(oldEtag, media.etag());
    assertNotEquals(oldDate, media.lastModifiedHeader());

    for (String validator : List.of(oldEtag, oldDate, "W/" + media.etag())) {
      Result r = get(CLIENT, "/media.bin", "Range", "bytes=10-", "If-Range", validator);
      assertEquals(200, r.code(), validator);
      assertArrayEquals(next, r.body());
      assertEquals(media.etag(), r.header("ETag"));
    }
  }

  @Test
  void head_returnsHeadersWithoutBody_unknownPath_returns404() throws Exception {
    try (Response r = CLIENT.newCall(new Request.Builder().url(server.url("/media.bin")).head().build()).execute()) {
      assertEquals(200, r.code());
      assertEquals(Integer.toString(SIZE), r.header("Content-Length"));
      assertEquals(0, r.body().bytes().length);
    }
    assertEquals(404, get(CLIENT, "/nothing-here").code());
    server.awaitIdle(WAIT);
    assertEquals("404 Not Found\n".length(), server.bodyBytesSent());
  }

  @Test
  void disconnectAfter_clientReceivesExactlyKBytesThenUnexpectedEnd() throws Exception {
    media.next(Fault.disconnectAfter(12_345));
    Result r = get(CLIENT, "/media.bin");
    assertEquals(200, r.code());
    assertInstanceOf(ProtocolException.class, r.failure());
    assertArrayEquals(Arrays.copyOf(CONTENT, 12_345), r.body());
    server.awaitIdle(WAIT);
    assertEquals(12_345, server.requests().get(0).bodyBytesSent());

    // The fault was for one request only; a resume gets the rest.
    Result resumed = get(CLIENT, "/media.bin", "Range", "bytes=12345-", "If-Range", media.etag());
    assertEquals(206, resumed.code());
    assertArrayEquals(Arrays.copyOfRange(CONTENT, 12_345, SIZE), resumed.body());
  }

  @Test
  void disconnectAfter_countsBodyBytesOfARangeResponse() throws Exception {
    media.next(Fault.disconnectAfter(100));
    Result r = get(CLIENT, "/media.bin", "Range", "bytes=50000-");
    assertEquals(206, r.code());
    assertArrayEquals(Arrays.copyOfRange(CONTENT, 50_000, 50_100), r.body());
    assertInstanceOf(ProtocolException.class, r.failure());
  }

  @Test
  void truncate_announcesFullLengthButSendsLess() throws Exception {
    media.next(Fault.truncate(1000));
    Result r = get(CLIENT, "/media.bin");
    assertEquals(Integer.toString(SIZE), r.header("Content-Length"));
    assertEquals(SIZE - 1000, r.body().length);
    assertInstanceOf(ProtocolException.class, r.failure());
  }

  @Test
  void stallAfter_clientTimesOutAfterKBytes_serverCompletesWhenClientGivesUp() throws Exception {
    OkHttpClient impatient = CLIENT.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    media.next(Fault.stallAfter(1000));
    Result r = get(impatient, "/media.bin");
    assertInstanceOf(SocketTimeoutException.class, r.failure());
    assertArrayEquals(Arrays.copyOf(CONTENT, 1000), r.body());
    server.awaitIdle(WAIT);
    ServedRequest served = server.requests().get(0);
    assertTrue(served.completed());
    assertEquals(1000, served.bodyBytesSent());
  }

  @Test
  void close_endsAStalledResponsePromptly() throws Exception {
    media.next(Fault.stallAfter(10));
    CompletableFuture<Result> fetch = CompletableFuture.supplyAsync(() -> getUnchecked(CLIENT, "/media.bin"));
    server.takeRequest(WAIT);
    long start = System.nanoTime();
    server.close();
    Result r = fetch.get(3, TimeUnit.SECONDS);
    assertTrue(r.failure() != null, "a stalled body must fail once the server closes");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void throttle_paceIsWithin30PercentOfTheRate() throws Exception {
    byte[] big = MediaServer.testContent(2 << 20, 3);
    server.serve("/big.bin", big).throttle(2 << 20); // 2 MiB at 2 MiB/s: about one second
    long start = System.nanoTime();
    Result r = get(CLIENT, "/big.bin");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertArrayEquals(big, r.body());
    assertTrue(seconds > 0.7 && seconds < 1.3, "took " + seconds + " s");
  }

  @Test
  void throttle_clientCancel_serverStopsPromptly() throws Exception {
    server.serve("/big.bin", MediaServer.testContent(16 << 20, 4)).throttle(8 << 20);
    Call call = CLIENT.newCall(new Request.Builder().url(server.url("/big.bin")).build());
    try (Response response = call.execute()) {
      InputStream in = response.body().byteStream();
      byte[] buffer = new byte[8192];
      long received = 0;
      while (received < 256 * 1024) received += in.read(buffer);
      call.cancel();
    }
    server.awaitIdle(Duration.ofSeconds(1)); // throttled to the end, it would take 2 s
    long sent = server.requests().get(0).bodyBytesSent();
    assertTrue(sent < 4 << 20, "sent " + sent + " bytes after the client went away");
  }

  @Test
  void chunked_hasNoContentLength_andTheWholeBody() throws Exception {
    media.chunked(true);
    Result full = get(CLIENT, "/media.bin");
    assertEquals(200, full.code());
    assertNull(full.header("Content-Length"));
    assertArrayEquals(CONTENT, full.body());
    assertNull(full.failure());

    media.next(Fault.disconnectAfter(70_000));
    Result cut = get(CLIENT, "/media.bin");
    assertArrayEquals(Arrays.copyOf(CONTENT, 70_000), cut.body());
    assertTrue(cut.failure() != null);
  }

  @Test
  void ignoreRange_returns200WholeBodyWithoutAcceptRanges() throws Exception {
    media.next(Fault.ignoreRange());
    Result r = get(CLIENT, "/media.bin", "Range", "bytes=10-19");
    assertEquals(200, r.code());
    assertNull(r.header("Accept-Ranges"));
    assertArrayEquals(CONTENT, r.body());
    assertEquals(206, get(CLIENT, "/media.bin", "Range", "bytes=10-19").code());
  }

  @Test
  void statusFaults_answerOnceEach_thenContent() throws Exception {
    media.next(Fault.status(429, "Retry-After", "2")).next(Fault.status(403)).next(Fault.status(410));
    Result tooMany = get(CLIENT, "/media.bin");
    assertEquals(429, tooMany.code());
    assertEquals("2", tooMany.header("Retry-After"));
    assertEquals(403, get(CLIENT, "/media.bin").code());
    assertEquals(410, get(CLIENT, "/media.bin").code());
    assertEquals(200, get(CLIENT, "/media.bin").code());
  }

  @Test
  void onRequestAndNextRequests_applyToTheRightRequests() throws Exception {
    media.onRequest(2, Fault.status(500)).nextRequests(2, Fault.status(503));
    assertEquals(503, get(CLIENT, "/media.bin").code());
    assertEquals(500, get(CLIENT, "/media.bin").code()); // both apply; status: last wins
    assertEquals(200, get(CLIENT, "/media.bin").code());
    assertEquals(3, media.requestCount());
    assertThrows(IllegalStateException.class, () -> media.onRequest(3, Fault.status(500)));
  }

  @Test
  void redirect_isFollowedToAnotherPath() throws Exception {
    byte[] other = MediaServer.testContent(500, 5);
    server.serve("/other.bin", other);
    media.next(Fault.redirect("/other.bin"));
    Result r = get(CLIENT, "/media.bin");
    assertEquals(200, r.code());
    assertArrayEquals(other, r.body());
    List<ServedRequest> requests = server.requests();
    assertEquals(302, requests.get(0).status());
    assertEquals("/other.bin", requests.get(1).path());
  }

  @Test
  void captivePortal_returns200Html() throws Exception {
    media.next(Fault.captivePortal());
    Result r = get(CLIENT, "/media.bin", "Range", "bytes=0-99");
    assertEquals(200, r.code());
    assertTrue(r.header("Content-Type").startsWith("text/html"));
    assertTrue(new String(r.body(), UTF_8).startsWith("<!DOCTYPE html>"));
    assertNull(r.header("ETag"));
  }

  @Test
  void shiftRange_servesAndDescribesADifferentStart() throws Exception {
    media.next(Fault.shiftRange(-1000));
    Result r = get(CLIENT, "/media.bin", "Range", "bytes=5000-5099");
    assertEquals(206, r.code());
    assertEquals("bytes 4000-4099/" + SIZE, r.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(CONTENT, 4000, 4100), r.body());

    media.next(Fault.contentRangeHeader("bytes 0-99/123"));
    Result lying = get(CLIENT, "/media.bin", "Range", "bytes=5000-5099");
    assertEquals("bytes 0-99/123", lying.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(CONTENT, 5000, 5100), lying.body());
  }

  @Test
  void replaceAfter_responseKeepsOldBytes_laterRequestsGetTheNewVersion() throws Exception {
    String oldEtag = media.etag();
    byte[] next = MediaServer.testContent(SIZE, 6);
    media.next(Fault.replaceAfter(40_000, next));
    Result r = get(CLIENT, "/media.bin");
    assertArrayEquals(CONTENT, r.body());
    assertEquals(oldEtag, r.header("ETag"));
    Result after = get(CLIENT, "/media.bin", "Range", "bytes=40000-", "If-Range", oldEtag);
    assertEquals(200, after.code());
    assertArrayEquals(next, after.body());
  }

  @Test
  void pauseAfter_resumesTheBodyAfterThePause() throws Exception {
    media.next(Fault.pauseAfter(1000, Duration.ofMillis(200)));
    long start = System.nanoTime();
    Result r = get(CLIENT, "/media.bin");
    assertArrayEquals(CONTENT, r.body());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
  }

  @Test
  void requests_areRecordedWithHeadersStatusAndBodyBytes() throws Exception {
    Result r = get(CLIENT, "/media.bin?session=7", "Range", "bytes=0-99", "If-Range", media.etag(),
        "Accept-Encoding", "identity", "Authorization", "Bearer secret");
    assertEquals(206, r.code());
    ServedRequest taken = server.takeRequest(WAIT);
    assertEquals("GET", taken.method());
    assertEquals("/media.bin?session=7", taken.target());
    assertEquals("/media.bin", taken.path());
    assertEquals("bytes=0-99", taken.header("range"));
    assertEquals(media.etag(), taken.header("If-Range"));
    assertEquals("identity", taken.header("Accept-Encoding"));
    assertEquals("Bearer secret", taken.header("Authorization"));
    assertEquals(206, taken.status());

    server.awaitIdle(WAIT);
    ServedRequest done = server.requests().get(0);
    assertTrue(done.completed());
    assertEquals(100, done.bodyBytesSent());
    assertEquals(100, server.bodyBytesSent());
    assertEquals(1, server.requestCount());
    AssertionError none = assertThrows(AssertionError.class, () -> server.takeRequest(Duration.ofMillis(50)));
    assertTrue(none.getMessage().startsWith("no request within"));
  }

  @Test
  void keepAlive_reusesTheConnection_untilAFaultCutsIt() throws Exception {
    get(CLIENT, "/media.bin", "Range", "bytes=0-9");
    get(CLIENT, "/media.bin", "Range", "bytes=10-19");
    media.next(Fault.disconnectAfter(5));
    get(CLIENT, "/media.bin", "Range", "bytes=20-29");
    get(CLIENT, "/media.bin", "Range", "bytes=30-39");
    List<ServedRequest> requests = server.requests();
    assertEquals(requests.get(0).connection(), requests.get(1).connection());
    assertEquals(requests.get(1).connection(), requests.get(2).connection());
    assertNotEquals(requests.get(2).connection(), requests.get(3).connection());
  }

  @Test
  void rawPath_answersWhatTheResponderWrites_andIsRecordedWithStatusZero() throws Exception {
    server.serveRaw("/raw", (request, out) -> {
      out.write(RawResponder.head("203 Non-Authoritative Information", "Content-Length: 5", "X-Seen: " + request.path()));
      out.write("hello".getBytes(UTF_8));
    });
    Result r = get(CLIENT, "/raw?q=1");
    assertEquals(203, r.code());
    assertEquals("/raw", r.headers().get("X-Seen"));
    assertArrayEquals("hello".getBytes(UTF_8), r.body());
    ServedRequest seen = server.takeRequest(Duration.ofSeconds(10));
    assertEquals(0, seen.status());
    assertEquals("/raw?q=1", seen.target());
    assertThrows(IllegalArgumentException.class, () -> server.serveRaw("/raw", (request, out) -> {}));
  }

  private Result get(OkHttpClient client, String path, String... headerPairs) throws IOException {
    Request request = new Request.Builder().url(server.url(path)).headers(Headers.of(headerPairs)).build();
    try (Response response = client.newCall(request).execute()) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      IOException failure = null;
      try (InputStream in = response.body().byteStream()) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) body.write(buffer, 0, n);
      } catch (IOException e) {
        failure = e;
      }
      return new Result(response.code(), response.headers(), body.toByteArray(), failure);
    }
  }

  private Result getUnchecked(OkHttpClient client, String path) {
    try {
      return get(client, path);
    } catch (IOException e) {
      return new Result(0, Headers.of(), new byte[0], e);
    }
  }
}
