package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.server.LoopbackServer;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve}: a resource complete in the cache, read through the {@link LoopbackServer} by the
 * {@code curl} executable, against the same file from a plain file server in the same run: nginx
 * with its usual settings ({@code sendfile}) when the machine has it, else the loopback test
 * server ({@link MediaServer}, serving from memory). Both on loopback, both read by the same curl
 * to {@code /dev/null}, the two taking turns going first; everything is in the page cache before
 * the first measured iteration (one warm-up of each side).
 *
 * <ul>
 *   <li>{@code serve throughput} (MB/s): one curl of the whole resource (256 MiB; 64 MiB quick),
 *       size over curl's {@code time_total}. Higher is better; goal ≥ 0.8.
 *   <li>{@code serve ttfb} (ms): curl's {@code time_starttransfer} (connect and request included,
 *       process start not) for a 64 KiB range at a seeded random position, new connection each.
 *       Lower is better; goal ≤ 2 ms for Barbiton's own figure. After a warm-up of 500 range
 *       requests on each side (curl's URL globbing, one connection), as in a server running a while.
 *   <li>{@code serve 32 clients} (MB/s): 32 curls started at once, each reading its own 16 MiB
 *       range (4 MiB quick), their bytes over the wall time from the first start to the last exit.
 *       Higher is better.
 * </ul>
 */
final class ServeBench {
  static final String NAME = "serve";
  private static final int CLIENTS = 32;
  private static final long TTFB_RANGE = 64 << 10;

  private ServeBench() {}

  /** A file server to compare with: its URL of the file, what it is, and how to stop it. */
  private interface Baseline extends AutoCloseable {
    String url();

    String describe();
  }

  static List<Figure> run(BenchContext context) throws Exception {
    int size = context.pick(64 << 20, 256 << 20);
    int iterations = context.pick(5, 9);
    int ttfbIterations = context.pick(11, 31);
    int concurrentIterations = context.pick(3, 5);
    long clientBytes = context.pick(4L << 20, 16L << 20);
    Path work = context.newDirectory("serve");
    Path www = Files.createDirectories(work.resolve("www"));
    byte[] content = MediaServer.testContent(size, 0x5E4E);
    Files.write(www.resolve("media.bin"), content);
    context.progress(NAME + ": " + (size >> 20) + " MiB cached, curl through the server vs a file server, "
        + iterations + " iterations, then time to first byte and " + CLIENTS + " clients at once");
    try (MediaServer origin = MediaServer.start();
         AssetStore store = AssetStore.builder(work.resolve("cache")).maxBytes(Long.MAX_VALUE).open()) {
      origin.serve("/media.bin", content).contentType("application/octet-stream");
      content = null; // the origin holds its own copy
      cache(store, origin);
      try (LoopbackServer server = LoopbackServer.builder(store).start(); Baseline baseline = baseline(work, www, origin)) {
        String ours = server.urlFor(origin.uri("/media.bin")).toString();
        String theirs = baseline.url();
        List<Figure> figures = new ArrayList<>();
        figures.add(throughput(context, work, ours, theirs, size, iterations, baseline.describe()));
        figures.add(ttfb(context, work, ours, theirs, size, ttfbIterations, baseline.describe()));
        figures.add(concurrent(context, work, ours, theirs, size, clientBytes, concurrentIterations, baseline.describe()));
        return figures;
      }
    } finally {
      BenchContext.delete(work);
    }
  }

  /** Downloads the resource completely into {@code store}: afterwards every read is from the cache. */
  private static void cache(AssetStore store, MediaServer origin) throws Exception {
    try (FileSource source = FileSource.open(origin.uri("/media.bin"), FileSourceOptions.builder(store).build())) {
      DownloadOutcome outcome = source.completion().get(600, TimeUnit.SECONDS);
      if (!(outcome instanceof DownloadOutcome.Finished)) throw new IOException("caching the resource ended " + outcome);
    }
  }

  private static Baseline baseline(Path work, Path www, MediaServer origin) throws IOException, InterruptedException {
    Optional<Path> nginx = Nginx.find();
    if (nginx.isPresent()) {
      Nginx server = Nginx.start(nginx.get(), Files.createDirectories(work.resolve("nginx")), www);
      return new Baseline() {
        @Override
        public String url() {
          return server.url("media.bin");
        }

        @Override
        public String describe() {
          return "nginx (sendfile on) serving the same file";
        }

        @Override
        public void close() throws InterruptedException {
          server.close();
        }
      };
    }
    return new Baseline() {
      @Override
      public String url() {
        return origin.url("/media.bin");
      }

      @Override
      public String describe() {
        return "the loopback test server (MediaServer, from memory; no nginx on this machine)";
      }

      @Override
      public void close() {}
    };
  }

  private static Figure throughput(BenchContext context, Path work, String ours, String theirs, long size,
      int iterations, String baselineIs) throws Exception {
    curl(work, ours, null, size); // warm-up: the source opens, the JIT compiles the copy loop
    curl(work, theirs, null, size);
    double[] barbiton = new double[iterations];
    double[] baseline = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      if (i % 2 == 0) barbiton[i] = size / 1e6 / curl(work, ours, null, size).total();
      baseline[i] = size / 1e6 / curl(work, theirs, null, size).total();
      if (i % 2 == 1) barbiton[i] = size / 1e6 / curl(work, ours, null, size).total();
      context.detail(String.format(Locale.ROOT, "%s %d: barbiton %.0f, baseline %.0f MB/s", NAME, i, barbiton[i], baseline[i]));
    }
    return Figure.of(NAME, NAME + " throughput", barbiton, baseline, "MB/s", baselineIs,
        "curl of the whole " + (size >> 20) + " MiB resource to /dev/null, complete in the cache; goal >= 0.8");
  }

  private static Figure ttfb(BenchContext context, Path work, String ours, String theirs, long size, int iterations,
      String baselineIs) throws Exception {
    // Warm-up: 500 range requests on one connection each side, so that the request path is
    // compiled as in a server that has been running a while (nginx has nothing to warm).
    for (String url : new String[] {ours, theirs}) {
      ChildProcess.Result warm = ChildProcess.run(List.of("curl", "-s", "-S", "-o", "/dev/null", "-r", "0-65535",
          url + "?[1-500]"), java.util.Map.of(), work, java.time.Duration.ofMinutes(2));
      if (warm.exit() != 0) throw new IOException("curl warm-up of " + url + ": " + warm.stderr());
    }
    SplittableRandom random = new SplittableRandom(0x77FB);
    double[] barbiton = new double[iterations];
    double[] baseline = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long first = random.nextLong(size - TTFB_RANGE);
      String range = first + "-" + (first + TTFB_RANGE - 1);
      if (i % 2 == 0) barbiton[i] = curl(work, ours, range, TTFB_RANGE).firstByte() * 1e3;
      baseline[i] = curl(work, theirs, range, TTFB_RANGE).firstByte() * 1e3;
      if (i % 2 == 1) barbiton[i] = curl(work, ours, range, TTFB_RANGE).firstByte() * 1e3;
    }
    return Figure.of(NAME, NAME + " ttfb", barbiton, baseline, "ms", baselineIs,
        "curl's time_starttransfer (connect included) of a 64 KiB range at a random position, cached; goal <= 2 ms");
  }

  private static Figure concurrent(BenchContext context, Path work, String ours, String theirs, long size,
      long clientBytes, int iterations, String baselineIs) throws Exception {
    double[] barbiton = new double[iterations];
    double[] baseline = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      if (i % 2 == 0) barbiton[i] = clients(work, ours, size, clientBytes);
      baseline[i] = clients(work, theirs, size, clientBytes);
      if (i % 2 == 1) barbiton[i] = clients(work, ours, size, clientBytes);
      context.detail(String.format(Locale.ROOT, "%s %d clients %d: barbiton %.0f, baseline %.0f MB/s", NAME, CLIENTS, i,
          barbiton[i], baseline[i]));
    }
    return Figure.of(NAME, NAME + " " + CLIENTS + " clients", barbiton, baseline, "MB/s", baselineIs,
        CLIENTS + " curls at once, each a " + (clientBytes >> 20) + " MiB range of its own; all bytes over the wall time");
  }

  /** What curl measured of one transfer, in seconds. */
  private record Transfer(double total, double firstByte) {}

  /** One curl of {@code url} (a {@code range} of it, or all) to /dev/null; checks it got {@code expected} bytes. */
  private static Transfer curl(Path work, String url, String range, long expected) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "-o", "/dev/null", "-w",
        "%{http_code} %{size_download} %{time_total} %{time_starttransfer}"));
    if (range != null) command.addAll(List.of("-r", range));
    command.add(url);
    ChildProcess.Result result = ChildProcess.run(command, java.util.Map.of(), work, java.time.Duration.ofMinutes(5));
    String[] parts = result.stdout().trim().split(" ");
    if (result.exit() != 0 || parts.length != 4 || Long.parseLong(parts[1]) != expected) {
      throw new IOException("curl " + url + " gave " + result.stdout() + " (exit " + result.exit() + "): " + result.stderr());
    }
    return new Transfer(Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
  }

  /** {@link #CLIENTS} curls at once, each of its own range; returns all their bytes over the wall time, in MB/s. */
  private static double clients(Path work, String url, long size, long clientBytes) throws IOException, InterruptedException {
    List<Process> processes = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      long first = (size - clientBytes) * c / (CLIENTS - 1);
      processes.add(new ProcessBuilder("curl", "-s", "-S", "-o", "/dev/null", "-w", "%{size_download}",
          "-r", first + "-" + (first + clientBytes - 1), url)
          .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }
    long bytes = 0;
    for (Process process : processes) {
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || Long.parseLong(out) != clientBytes) {
        process.destroyForcibly();
        throw new IOException("a client of " + url + " gave " + out);
      }
      bytes += clientBytes;
    }
    return Stats.megabytesPerSecond(bytes, System.nanoTime() - start);
  }
}
