package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * {@code download}: a whole resource downloaded over loopback into a fresh cache by {@link
 * FileSource}, against a plain OkHttp GET of the same URL streamed to a file with a {@link
 * FileChannel}. Both use one OkHttp client and the same unthrottled {@link MediaServer}; both end
 * with the bytes durable (the cache forces them as it goes and at its commit, the baseline calls
 * {@code force} at the end), so both pay for the disk.
 *
 * <p>Why the two are comparable: each side writes a new file in a new directory on the same file
 * system, deleted after it; each starts on a new connection (the pool is emptied first, so neither
 * reuses one the other warmed) and after a full GC (so neither pays for the other's garbage, nor
 * for the server's 512 MiB body, allocated before); after one warm-up of each, the two take turns
 * going first, so that a change of the machine's state during the run (its other load, the disk's
 * write-back of the previous file) falls on both alike.
 */
final class DownloadBench {
  static final String NAME = "download";
  private static final String PATH = "/download.bin";
  private static final long TIMEOUT_SECONDS = 600;

  private DownloadBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int size = context.pick(64 << 20, 512 << 20);
    int iterations = context.pick(4, 6);
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    try (MediaServer server = MediaServer.start()) {
      server.serve(PATH, MediaServer.testContent(size, 0xD0)).contentType("application/octet-stream");
      URI uri = server.uri(PATH);
      context.progress(NAME + ": " + (size >> 20) + " MiB over loopback, " + iterations + " iterations");
      barbiton(context, client, uri, size); // warm-up
      baseline(context, client, uri, size);
      double[] ours = new double[iterations];
      double[] theirs = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        if (i % 2 == 0) ours[i] = Stats.megabytesPerSecond(size, barbiton(context, client, uri, size));
        theirs[i] = Stats.megabytesPerSecond(size, baseline(context, client, uri, size));
        if (i % 2 == 1) ours[i] = Stats.megabytesPerSecond(size, barbiton(context, client, uri, size));
        context.detail(String.format(Locale.ROOT, "%s %d: barbiton %.0f, baseline %.0f MB/s", NAME, i, ours[i], theirs[i]));
      }
      return List.of(Figure.of(NAME, NAME, ours, theirs, "MB/s", "OkHttp GET -> FileChannel.write, force at end",
          (size >> 20) + " MiB, MediaServer unthrottled, new connection and full GC before each, sides taking turns"));
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** Downloads into a fresh store; returns the nanoseconds from open to the Finished outcome. */
  private static long barbiton(BenchContext context, OkHttpClient client, URI uri, long size) throws Exception {
    Path directory = context.newDirectory("download-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      settle(client);
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(uri, FileSourceOptions.builder(store).client(client).build())) {
        DownloadOutcome outcome = source.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (!(outcome instanceof DownloadOutcome.Finished finished) || finished.length() != size) {
          throw new IOException("download of " + size + " bytes ended " + outcome);
        }
        return elapsed;
      }
    } finally {
      BenchContext.delete(directory);
    }
  }

  /** Streams a GET to a file; returns the nanoseconds from the call to the forced file. */
  private static long baseline(BenchContext context, OkHttpClient client, URI uri, long size) throws IOException {
    Path directory = context.newDirectory("download-plain");
    try {
      ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
      settle(client);
      long start = System.nanoTime();
      Request request = new Request.Builder().url(uri.toString()).build();
      long written = 0;
      try (Response response = client.newCall(request).execute();
           FileChannel file = FileChannel.open(directory.resolve("download.bin"),
               StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        if (response.code() != 200) throw new IOException("GET " + uri + " answered " + response.code());
        BufferedSource body = response.body().source();
        while (body.read(buffer) != -1) {
          buffer.flip();
          while (buffer.hasRemaining()) written += file.write(buffer);
          buffer.clear();
        }
        file.force(true);
      }
      long elapsed = System.nanoTime() - start;
      if (written != size) throw new IOException("GET " + uri + " gave " + written + " bytes, not " + size);
      return elapsed;
    } finally {
      BenchContext.delete(directory);
    }
  }

  /** The same start for either side: no pooled connection, no garbage from before. */
  private static void settle(OkHttpClient client) {
    client.connectionPool().evictAll();
    System.gc();
  }
}
