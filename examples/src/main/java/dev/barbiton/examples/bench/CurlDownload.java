package dev.barbiton.examples.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code curl} baseline of {@link DownloadBench}: {@code curl -o FILE URL}, then {@code sync
 * FILE} (an fsync of that file), run by {@code bash}, whose {@code times} built-in then tells the
 * CPU time (user + system) of its children, curl and sync: the child's own accounting, as {@code
 * getrusage(RUSAGE_CHILDREN)} gives it (a finished child's {@code ProcessHandle} no longer knows
 * its CPU time).
 */
final class CurlDownload {
  /** One download: wall nanoseconds from the start of bash to its exit, and the children's CPU nanoseconds. */
  record Run(long wallNanos, long cpuNanos) {}

  private static final Pattern TIME = Pattern.compile("(\\d+)m([\\d.]+)s");
  private static final String SCRIPT = "curl -sS --fail -o \"$1\" \"$2\" && sync \"$1\"; s=$?; times; exit $s";

  private CurlDownload() {}

  /** Whether {@code curl}, {@code sync} and {@code bash} can be run here. */
  static boolean available() {
    try {
      ChildProcess.Result r = ChildProcess.run(List.of("bash", "-c", "command -v curl && command -v sync"), Map.of(),
          Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(10));
      return !r.timedOut() && r.exit() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Downloads {@code uri} into a new file in {@code directory}, checks its size, and deletes it. */
  static Run download(Path directory, URI uri, long size) throws IOException, InterruptedException {
    Path file = directory.resolve("download.bin");
    ChildProcess.Result r = ChildProcess.run(List.of("bash", "-c", SCRIPT, "curl-download", file.toString(), uri.toString()),
        Map.of(), directory, Duration.ofSeconds(600));
    try {
      if (r.timedOut() || r.exit() != 0) {
        throw new IOException("curl " + uri + " ended " + (r.timedOut() ? "timed out" : "with exit " + r.exit()) + ": " + r.stderr());
      }
      long got = Files.size(file);
      if (got != size) throw new IOException("curl " + uri + " gave " + got + " bytes, not " + size);
      return new Run((long) (r.wallMillis() * 1e6), childrenCpuNanos(r.stdout()));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The second line of {@code times}: the children's user and system time, e.g. {@code 0m0.310s 0m0.120s}. */
  private static long childrenCpuNanos(String times) throws IOException {
    String[] lines = times.strip().split("\n");
    Matcher m = TIME.matcher(lines[lines.length - 1]);
    double seconds = 0;
    int found = 0;
    while (m.find()) {
      seconds += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
      found++;
    }
    if (found != 2) throw new IOException("bash's times gave no user and system time: " + times);
    return (long) (seconds * 1e9);
  }
}
