package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients at once on one registration: every byte right, one download. */
@Timeout(180)
class ConcurrentClientsTest extends ServerFixture {
  private static final int CLIENTS = 32;
  private static final int RANGES_EACH = 3;

  @Test
  void thirtyTwoCurlsAtRandomRanges_whileItDownloads_getTheirBytes_fromOneDownload() throws Exception {
    byte[] content = MediaServer.testContent(8 << 20, 81);
    origin.serve("/shared.bin", content);
    AtomicLong received = new AtomicLong();
    URI local = server.urlFor(origin.uri("/shared.bin"), options().client(countingBodies(received)).build());
    origin.resource("/shared.bin").throttle(4 << 20);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        SplittableRandom random = new SplittableRandom(1000 + c);
        results.add(clients.submit(() -> {
          go.await();
          for (int r = 0; r < RANGES_EACH; r++) {
            int first = random.nextInt(content.length);
            int last = Math.min(content.length - 1, first + random.nextInt(256 << 10));
            Curl.Result result = Curl.run(dir, "-r", first + "-" + last, local.toString());
            assertEquals(206, result.status(), result::toString);
            assertArrayEquals(Arrays.copyOfRange(content, first, last + 1), result.body(), first + "-" + last);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> result : results) result.get(150, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
    }
    Curl.Result whole = Curl.run(dir, local.toString());
    assertArrayEquals(content, whole.body());
    origin.awaitIdle(DEADLINE);
    // What the download read off its responses: each byte once. (The origin sent more: the rest of
    // the throttled burst on the wire when a request is left for a client elsewhere.)
    assertEquals(content.length, received.get(), origin.requests().size() + " requests");
    assertEquals(CLIENTS * RANGES_EACH + 1, server.stats().requests());
    String prefix = "barbiton-server-" + server.port() + "-";
    awaitCondition("the burst's connection threads ended", () -> Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && !t.getName().endsWith("watchdog")).count() <= 3);
  }

  /** A client that counts the response body bytes its user reads. */
  private static OkHttpClient countingBodies(AtomicLong received) {
    return new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      ResponseBody body = response.body();
      BufferedSource counted = Okio.buffer(new ForwardingSource(body.source()) {
        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long n = super.read(sink, byteCount);
          if (n > 0) received.addAndGet(n);
          return n;
        }
      });
      return response.newBuilder().body(ResponseBody.create(counted, body.contentType(), body.contentLength())).build();
    }).build();
  }
}
