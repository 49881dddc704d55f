package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * {@code seek}: a reader that jumps to 90 % of a resource while it downloads from a throttled
 * server (64 MiB at 8 MiB/s). The figure is the time from the jump ({@link FileSource#readAt} at
 * 90 %, the download already running from byte 0) to that byte in hand: the download moves there.
 *
 * <p>The baseline is <b>computed, not measured</b>: the time a download that can only go in order
 * would need to reach that byte at the server's rate ({@code 0.9 × 64 MiB / 8 MiB/s = 7.2 s}).
 * Each iteration uses a fresh cache, so nothing is there before.
 */
final class SeekBench {
  static final String NAME = "seek";
  private static final String PATH = "/seek.bin";
  private static final int SIZE = 64 << 20;
  private static final long RATE = 8 << 20;

  private SeekBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int iterations = context.pick(5, 10);
    long target = SIZE * 9L / 10;
    byte[] content = MediaServer.testContent(SIZE, 0x5EE);
    byte expected = content[(int) target];
    context.progress(NAME + ": 64 MiB at 8 MiB/s, jump to 90 %, " + iterations + " iterations");
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    try (MediaServer server = MediaServer.start()) {
      server.serve(PATH, content).contentType("application/octet-stream").throttle(RATE);
      content = null; // the server holds its own copy
      URI uri = server.uri(PATH);
      seekOnce(context, client, uri, target, expected); // warm-up
      double[] millis = new double[iterations];
      for (int i = 0; i < iterations; i++) millis[i] = seekOnce(context, client, uri, target, expected) / 1e6;
      double computed = target * 1e3 / RATE;
      return List.of(Figure.computed(NAME, "seek to 90 %", millis, computed, "ms",
          String.format("COMPUTED, not measured: 90 %% of 64 MiB at 8 MiB/s in order = %.1f s", computed / 1e3),
          "time from readAt at 90 % to its byte, the download running from byte 0, server throttled to 8 MiB/s"));
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** Returns the nanoseconds from the jump to the byte at {@code target}. */
  private static long seekOnce(BenchContext context, OkHttpClient client, URI uri, long target, byte expected)
      throws IOException {
    Path directory = context.newDirectory("seek-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open();
         FileSource source = FileSource.open(uri, FileSourceOptions.builder(store).client(client).build())) {
      ByteBuffer one = ByteBuffer.allocate(1);
      if (source.readAt(0, one) != 1) throw new IOException("no first byte from " + uri);
      one.clear();
      long start = System.nanoTime();
      int n = source.readAt(target, one);
      long elapsed = System.nanoTime() - start;
      if (n != 1 || one.get(0) != expected) throw new IOException("wrong byte at " + target + ": read " + n);
      return elapsed;
    } finally {
      BenchContext.delete(directory);
    }
  }
}
