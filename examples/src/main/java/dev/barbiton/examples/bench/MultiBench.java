package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * {@code multi}: one file over K = 2, 4, 8 connections ({@link FileSourceOptions#connections()})
 * from a loopback server that limits each connection's rate (4 MB/s) and waits 50 ms before each
 * body, against {@code aria2c -x K -s K} of the same URL when Debian's {@code aria2} is installed,
 * else against one connection of ours. Both sides write a new file on the same file system. Then
 * {@code multi loopback K=4}: the same file unthrottled, 4 connections against 1 of ours.
 */
final class MultiBench {
  static final String NAME = "multi";
  private static final String PATH = "/multi.bin";
  private static final long RATE = 4_000_000;
  private static final int[] CONNECTIONS = {2, 4, 8};

  private MultiBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int size = context.pick(16 << 20, 64 << 20);
    int iterations = context.pick(2, 3);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(16);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofSeconds(30)).build();
    Path aria2 = executable("aria2c");
    List<Figure> figures = new ArrayList<>();
    try (MediaServer server = MediaServer.start()) {
      server.serve(PATH, MediaServer.testContent(size, 0x3C)).contentType("application/octet-stream")
          .throttle(RATE).always(Fault.pauseAfter(0, Duration.ofMillis(50)));
      URI uri = server.uri(PATH);
      context.progress(NAME + ": " + (size >> 20) + " MiB at " + RATE / 1_000_000 + " MB/s per connection, "
          + iterations + " iterations, baseline " + (aria2 == null ? "one connection (aria2c not installed)" : "aria2c"));
      for (int k : CONNECTIONS) {
        double[] ours = new double[iterations];
        double[] theirs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
          ours[i] = Stats.megabytesPerSecond(size, barbiton(context, client, uri, size, k));
          theirs[i] = Stats.megabytesPerSecond(size, aria2 == null
              ? barbiton(context, client, uri, size, 1) : aria2(context, aria2, uri, size, k));
          context.detail(String.format(Locale.ROOT, "%s K=%d %d: barbiton %.1f, baseline %.1f MB/s", NAME, k, i, ours[i], theirs[i]));
        }
        figures.add(Figure.of(NAME, NAME + " K=" + k, ours, theirs, "MB/s",
            aria2 == null ? "FileSource over 1 connection" : "aria2c -x " + k + " -s " + k,
            (size >> 20) + " MiB, MediaServer at " + RATE / 1_000_000 + " MB/s per connection, 50 ms before each body"));
      }
      server.serve("/multi-fast.bin", MediaServer.testContent(size, 0x3D)).contentType("application/octet-stream");
      URI fast = server.uri("/multi-fast.bin");
      double[] four = new double[iterations + 1];
      double[] one = new double[iterations + 1];
      for (int i = 0; i < iterations + 1; i++) {
        if (i % 2 == 0) four[i] = Stats.megabytesPerSecond(size, barbiton(context, client, fast, size, 4));
        one[i] = Stats.megabytesPerSecond(size, barbiton(context, client, fast, size, 1));
        if (i % 2 == 1) four[i] = Stats.megabytesPerSecond(size, barbiton(context, client, fast, size, 4));
      }
      figures.add(Figure.of(NAME, NAME + " loopback K=4", four, one, "MB/s", "FileSource over 1 connection",
          (size >> 20) + " MiB, MediaServer unthrottled, the sides taking turns"));
      return figures;
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static long barbiton(BenchContext context, OkHttpClient client, URI uri, long size, int k) throws Exception {
    Path directory = context.newDirectory("multi-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      client.connectionPool().evictAll();
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(uri, FileSourceOptions.builder(store).client(client)
          .acceptAnyContent(true).connections(k).build())) {
        DownloadOutcome outcome = source.completion().get(600, TimeUnit.SECONDS);
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

  private static long aria2(BenchContext context, Path aria2, URI uri, long size, int k) throws Exception {
    Path directory = context.newDirectory("multi-aria2");
    try {
      long start = System.nanoTime();
      Process p = new ProcessBuilder(aria2.toString(), "-q", "-x", Integer.toString(k), "-s", Integer.toString(k),
          "-k", "1M", "--allow-overwrite=true", "--file-allocation=none", "-d", directory.toString(), "-o", "multi.bin",
          uri.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("aria2c did not finish in 600 s");
      }
      long elapsed = System.nanoTime() - start;
      if (p.exitValue() != 0) throw new IOException("aria2c exited " + p.exitValue());
      long got = Files.size(directory.resolve("multi.bin"));
      if (got != size) throw new IOException("aria2c wrote " + got + " bytes, not " + size);
      return elapsed;
    } finally {
      BenchContext.delete(directory);
    }
  }

  private static Path executable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }
}
