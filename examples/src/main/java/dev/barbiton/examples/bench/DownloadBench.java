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
import java.util.ArrayList;
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
 * FileChannel}, and, if it is installed, against {@code curl -o FILE} followed by an fsync of the
 * file ({@link CurlDownload}). All use the same unthrottled {@link MediaServer}; all end with the
 * bytes durable (the cache forces them as it goes and at its commit, the OkHttp baseline calls
 * {@code force} at the end, curl's file is fsynced), so all pay for the disk. Besides the rates,
 * each side's CPU time: for the two in this JVM the process's CPU time less the server threads'
 * ({@link ClientCpu}), for curl its own (user + system, with sync's).
 *
 * <p>Why they are comparable: each side writes a new file in a new directory on the same file
 * system, deleted after it; each starts on a new connection (the pool is emptied first, so neither
 * reuses one the other warmed) and after a full GC (so neither pays for the other's garbage, nor
 * for the server's body, allocated before); after one warm-up of each, the sides take turns going
 * first, so that a change of the machine's state during the run (its other load, the disk's
 * write-back of the previous file) falls on all alike.
 */
final class DownloadBench {
  static final String NAME = "download";
  private static final String PATH = "/download.bin";
  private static final long TIMEOUT_SECONDS = 600;

  /** One download: its wall time and the CPU time the downloading side spent. */
  private record Run(long wallNanos, long cpuNanos) {}

  private DownloadBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int size = context.pick(64 << 20, 512 << 20);
    int iterations = context.pick(4, 6);
    boolean curl = CurlDownload.available();
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    try (MediaServer server = MediaServer.start()) {
      server.serve(PATH, MediaServer.testContent(size, 0xD0)).contentType("application/octet-stream");
      URI uri = server.uri(PATH);
      context.progress(NAME + ": " + (size >> 20) + " MiB over loopback, " + iterations + " iterations"
          + (curl ? ", curl as a second baseline" : ", no curl installed: OkHttp baseline only"));
      int sides = curl ? 3 : 2;
      double[][] rate = new double[sides][iterations];
      double[][] cpu = new double[sides][iterations];
      for (int side = 0; side < sides; side++) side(side, context, client, uri, size); // warm-up
      for (int i = 0; i < iterations; i++) {
        for (int turn = 0; turn < sides; turn++) {
          int side = (i + turn) % sides;
          Run run = side(side, context, client, uri, size);
          rate[side][i] = Stats.megabytesPerSecond(size, run.wallNanos());
          cpu[side][i] = run.cpuNanos() / 1e6;
        }
        context.detail(String.format(Locale.ROOT, "%s %d: barbiton %.0f MB/s %.0f ms CPU, OkHttp %.0f MB/s %.0f ms CPU%s",
            NAME, i, rate[0][i], cpu[0][i], rate[1][i], cpu[1][i],
            curl ? String.format(Locale.ROOT, ", curl %.0f MB/s %.0f ms CPU", rate[2][i], cpu[2][i]) : ""));
      }
      String setup = (size >> 20) + " MiB, MediaServer unthrottled, new connection and full GC before each, sides taking turns";
      String cpuNote = "CPU ms (lower is better): ours = JVM process CPU less MediaServer threads'; " + setup;
      List<Figure> figures = new ArrayList<>();
      figures.add(Figure.of(NAME, NAME, rate[0], rate[1], "MB/s", "OkHttp GET -> FileChannel.write, force at end", setup));
      figures.add(Figure.of(NAME, NAME + " CPU", cpu[0], cpu[1], "ms", "OkHttp GET -> FileChannel.write, force at end", cpuNote));
      if (curl) {
        figures.add(Figure.of(NAME, NAME + " vs curl", rate[0], rate[2], "MB/s", "curl -o FILE, then fsync (sync FILE)", setup));
        figures.add(Figure.of(NAME, NAME + " CPU vs curl", cpu[0], cpu[2], "ms", "curl -o FILE + sync FILE, their user+system CPU",
            cpuNote));
      }
      return figures;
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static Run side(int side, BenchContext context, OkHttpClient client, URI uri, long size) throws Exception {
    return switch (side) {
      case 0 -> barbiton(context, client, uri, size);
      case 1 -> baseline(context, client, uri, size);
      default -> curl(context, client, uri, size);
    };
  }

  /** curl into a new directory. */
  private static Run curl(BenchContext context, OkHttpClient client, URI uri, long size) throws Exception {
    Path directory = context.newDirectory("download-curl");
    try {
      settle(client);
      CurlDownload.Run run = CurlDownload.download(directory, uri, size);
      return new Run(run.wallNanos(), run.cpuNanos());
    } finally {
      BenchContext.delete(directory);
    }
  }

  /** Downloads into a fresh store; the nanoseconds from open to the Finished outcome. */
  private static Run barbiton(BenchContext context, OkHttpClient client, URI uri, long size) throws Exception {
    Path directory = context.newDirectory("download-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      settle(client);
      ClientCpu cpu = ClientCpu.start();
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(uri, FileSourceOptions.builder(store).client(client).build())) {
        DownloadOutcome outcome = source.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        long cpuNanos = cpu.stop();
        if (!(outcome instanceof DownloadOutcome.Finished finished) || finished.length() != size) {
          throw new IOException("download of " + size + " bytes ended " + outcome);
        }
        return new Run(elapsed, cpuNanos);
      }
    } finally {
      BenchContext.delete(directory);
    }
  }

  /** Streams a GET to a file; the nanoseconds from the call to the forced file. */
  private static Run baseline(BenchContext context, OkHttpClient client, URI uri, long size) throws IOException {
    Path directory = context.newDirectory("download-plain");
    try {
      ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
      settle(client);
      ClientCpu cpu = ClientCpu.start();
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
      long cpuNanos = cpu.stop();
      if (written != size) throw new IOException("GET " + uri + " gave " + written + " bytes, not " + size);
      return new Run(elapsed, cpuNanos);
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
