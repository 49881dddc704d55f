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
import java.util.function.UnaryOperator;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * {@code multi}: one file over K = 1, 2, 4, 8 connections ({@link FileSourceOptions#connections()})
 * from a loopback server that limits each connection's rate and waits 50 ms before each body,
 * against {@code aria2c -x K -s K} of the same URL when Debian's {@code aria2} is installed, else
 * against one connection of ours. Both sides write a new file on the same file system. Then the
 * default, connections found by trying ({@link FileSourceOptions#adaptiveConnections()}, up to 4):
 * on the same server against {@code aria2c -x 4}; on a link all connections share (the server
 * paces them together) against one connection of ours; and unthrottled against one of ours, with
 * a fixed 4 beside it.
 */
final class MultiBench {
  static final String NAME = "multi";
  private static final String PATH = "/multi.bin";
  private static final int[] CONNECTIONS = {1, 2, 4, 8};

  private MultiBench() {}

  /** One download of ours: its time and the requests it sent. */
  private record Run(long nanos, int requests) {}

  static List<Figure> run(BenchContext context) throws Exception {
    int size = context.pick(16 << 20, 256 << 20);
    long rate = context.pick(4_000_000L, 16_000_000L);
    int iterations = context.pick(2, 3);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(16);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofSeconds(30)).build();
    Path aria2 = executable("aria2c");
    List<Figure> figures = new ArrayList<>();
    String mib = (size >> 20) + " MiB";
    try (MediaServer server = MediaServer.start()) {
      server.serve(PATH, MediaServer.testContent(size, 0x3C)).contentType("application/octet-stream")
          .throttle(rate).always(Fault.pauseAfter(0, Duration.ofMillis(50)));
      URI uri = server.uri(PATH);
      String limited = "MediaServer at " + rate / 1_000_000 + " MB/s per connection, 50 ms before each body";
      context.progress(NAME + ": " + mib + " at " + rate / 1_000_000 + " MB/s per connection, "
          + iterations + " iterations, baseline " + (aria2 == null ? "one connection (aria2c not installed)" : "aria2c"));
      for (int k : CONNECTIONS) {
        double[] ours = new double[iterations];
        double[] theirs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
          ours[i] = Stats.megabytesPerSecond(size, barbiton(context, client, server, uri, size, fixed(k)).nanos());
          theirs[i] = Stats.megabytesPerSecond(size, aria2 == null
              ? barbiton(context, client, server, uri, size, fixed(1)).nanos() : aria2(context, aria2, uri, size, k));
          context.detail(String.format(Locale.ROOT, "%s K=%d %d: barbiton %.1f, baseline %.1f MB/s", NAME, k, i, ours[i], theirs[i]));
        }
        figures.add(Figure.of(NAME, NAME + " K=" + k, ours, theirs, "MB/s",
            aria2 == null ? "FileSource over 1 connection" : "aria2c -x " + k + " -s " + k, mib + ", " + limited));
      }
      figures.add(adaptive(context, client, server, uri, size, iterations, aria2, "per-connection limit", mib + ", " + limited));

      server.serve("/multi-shared.bin", MediaServer.testContent(size, 0x3E)).contentType("application/octet-stream")
          .throttleTotal(2 * rate).always(Fault.pauseAfter(0, Duration.ofMillis(50)));
      figures.add(adaptive(context, client, server, server.uri("/multi-shared.bin"), size, iterations, null, "shared link",
          mib + ", MediaServer at " + 2 * rate / 1_000_000 + " MB/s for all connections together"));

      server.serve("/multi-fast.bin", MediaServer.testContent(size, 0x3D)).contentType("application/octet-stream");
      URI fast = server.uri("/multi-fast.bin");
      figures.add(adaptive(context, client, server, fast, size, iterations + 1, null, "loopback", mib + ", MediaServer unthrottled"));
      double[] four = new double[iterations + 1];
      double[] one = new double[iterations + 1];
      for (int i = 0; i < iterations + 1; i++) {
        if (i % 2 == 0) four[i] = Stats.megabytesPerSecond(size, barbiton(context, client, server, fast, size, fixed(4)).nanos());
        one[i] = Stats.megabytesPerSecond(size, barbiton(context, client, server, fast, size, fixed(1)).nanos());
        if (i % 2 == 1) four[i] = Stats.megabytesPerSecond(size, barbiton(context, client, server, fast, size, fixed(4)).nanos());
      }
      figures.add(Figure.of(NAME, NAME + " loopback K=4", four, one, "MB/s", "FileSource over 1 connection",
          mib + ", MediaServer unthrottled, the sides taking turns"));
      return figures;
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * The default (connections found by trying, up to 4) against {@code aria2c -x 4} when given, else
   * against one connection of ours; the note says how many requests ours sent (median).
   */
  private static Figure adaptive(BenchContext context, OkHttpClient client, MediaServer server, URI uri, int size,
      int iterations, Path aria2, String label, String note) throws Exception {
    double[] ours = new double[iterations];
    double[] theirs = new double[iterations];
    double[] requests = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      Run run = barbiton(context, client, server, uri, size, b -> b.adaptiveConnections(FileSourceOptions.DEFAULT_CONNECTIONS));
      ours[i] = Stats.megabytesPerSecond(size, run.nanos());
      requests[i] = run.requests();
      theirs[i] = Stats.megabytesPerSecond(size, aria2 == null
          ? barbiton(context, client, server, uri, size, fixed(1)).nanos() : aria2(context, aria2, uri, size, 4));
      context.detail(String.format(Locale.ROOT, "%s adaptive %s %d: barbiton %.1f MB/s in %d requests, baseline %.1f MB/s",
          NAME, label, i, ours[i], run.requests(), theirs[i]));
    }
    return Figure.of(NAME, NAME + " adaptive " + label, ours, theirs, "MB/s",
        aria2 == null ? "FileSource over 1 connection" : "aria2c -x 4 -s 4",
        note + "; ours: up to " + FileSourceOptions.DEFAULT_CONNECTIONS + " found by trying, "
            + Spread.of(requests).median() + " requests (median)");
  }

  private static UnaryOperator<FileSourceOptions.Builder> fixed(int k) {
    return b -> b.connections(k);
  }

  private static Run barbiton(BenchContext context, OkHttpClient client, MediaServer server, URI uri, long size,
      UnaryOperator<FileSourceOptions.Builder> connections) throws Exception {
    Path directory = context.newDirectory("multi-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      client.connectionPool().evictAll();
      int requestsBefore = server.requestCount();
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(uri, connections.apply(FileSourceOptions.builder(store).client(client)
          .acceptAnyContent(true)).build())) {
        DownloadOutcome outcome = source.completion().get(600, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (!(outcome instanceof DownloadOutcome.Finished finished) || finished.length() != size) {
          throw new IOException("download of " + size + " bytes ended " + outcome);
        }
        return new Run(elapsed, server.requestCount() - requestsBefore);
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
