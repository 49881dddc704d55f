package dev.barbiton.reliability;

import dev.barbiton.testing.ThreadDumps;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Chaos downloads: many seeded {@link ChaosScenario}s against one loopback {@link MediaServer} and
 * one store, a few at a time. The JUnit suite runs a CI-size {@link Config}; the {@code barbiton
 * chaos} command runs a large one. A failing scenario is reported with its own seed, which
 * {@link #replay} runs alone.
 */
public final class ChaosRunner {
  private ChaosRunner() {}

  /** How a scenario's download ended. */
  public enum Outcome { COMMITTED, FAILED, HUNG }

  /**
   * @param scenarios how many scenarios
   * @param seed the run's seed; scenario {@code i} gets {@link #scenarioSeed}{@code (seed, i)}
   * @param minBytes smallest file
   * @param maxBytes largest file
   * @param parallelism scenarios at once
   * @param scenarioDeadline how long one scenario's download, and then its readers, may take
   * @param connections connections per download ({@code FileSourceOptions.connections})
   */
  public record Config(int scenarios, long seed, int minBytes, int maxBytes, int parallelism, Duration scenarioDeadline,
      int connections) {
    public Config {
      if (scenarios < 1) throw new IllegalArgumentException("scenarios < 1: " + scenarios);
      if (connections < 1) throw new IllegalArgumentException("connections < 1: " + connections);
      if (minBytes < 1 || maxBytes < minBytes) throw new IllegalArgumentException("bad sizes: " + minBytes + ".." + maxBytes);
      if (parallelism < 1) throw new IllegalArgumentException("parallelism < 1: " + parallelism);
    }

    /** Files of 16 KiB to 1 MiB, four scenarios at a time, 20 s each at most. */
    public static Config of(int scenarios, long seed) {
      return new Config(scenarios, seed, 16 << 10, 1 << 20, 4, Duration.ofSeconds(20), 1);
    }

    /**
     * The same over {@code k} connections per download, with files of 2 to 6 MiB so that parts
     * (1 MiB at least) are cut.
     */
    public Config withConnections(int k) {
      return k == 1 ? this : new Config(scenarios, seed, Math.max(minBytes, 2 << 20), Math.max(maxBytes, 6 << 20),
          parallelism, scenarioDeadline, k);
    }
  }

  /** One scenario that broke a rule, with the seed that replays it. */
  public record Problem(int index, long seed, ChaosFault fault, String script, String problem) {
    @Override
    public String toString() {
      return "scenario " + index + " (seed 0x" + Long.toHexString(seed) + ", " + fault + ": " + script + "): " + problem;
    }
  }

  /** What a run found. */
  public record Summary(Config config, Map<ChaosFault, Map<Outcome, Integer>> counts, List<Problem> problems,
      long requests, long bodyBytesServed, Duration elapsed, long slowestMillis) {

    public boolean ok() {
      return problems.isEmpty();
    }

    public int count(Outcome outcome) {
      return counts.values().stream().mapToInt(m -> m.getOrDefault(outcome, 0)).sum();
    }

    /** Counts by fault and outcome, totals, the seed, and each problem with its own seed. */
    public String format() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("chaos: %d scenarios, seed 0x%x, %.1f s, %d problems%n", config.scenarios(), config.seed(),
          elapsed.toMillis() / 1000.0, problems.size()));
      b.append(String.format("  %-20s %9s %7s %5s%n", "fault", "committed", "failed", "hung"));
      for (Map.Entry<ChaosFault, Map<Outcome, Integer>> e : counts.entrySet()) {
        Map<Outcome, Integer> m = e.getValue();
        b.append(String.format("  %-20s %9d %7d %5d%n", e.getKey(), m.getOrDefault(Outcome.COMMITTED, 0),
            m.getOrDefault(Outcome.FAILED, 0), m.getOrDefault(Outcome.HUNG, 0)));
      }
      b.append(String.format("  %-20s %9d %7d %5d%n", "total", count(Outcome.COMMITTED), count(Outcome.FAILED), count(Outcome.HUNG)));
      b.append(String.format("  requests %d, body bytes served %d (%.1f MiB), slowest scenario %d ms%n", requests, bodyBytesServed,
          bodyBytesServed / 1048576.0, slowestMillis));
      for (Problem p : problems) b.append("  PROBLEM ").append(p).append('\n');
      return b.toString();
    }
  }

  /** A seed as printed ({@code 0x} and up to 16 hex digits, unsigned) or in decimal. */
  public static long parseSeed(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
  }

  /** The seed of scenario {@code index} of a run seeded {@code seed} (SplitMix64 of both). */
  public static long scenarioSeed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Runs {@code config}, printing a line per 10 % done to {@code progress} (may be null). */
  public static Summary run(Config config, PrintStream progress) throws IOException, InterruptedException {
    long[] seeds = new long[config.scenarios()];
    for (int i = 0; i < seeds.length; i++) seeds[i] = scenarioSeed(config.seed(), i);
    return runSeeds(config, seeds, progress);
  }

  /** Runs the one scenario {@code scenarioSeed} (from a {@link Problem}) with {@code config}'s sizes. */
  public static Summary replay(Config config, long scenarioSeed, PrintStream progress) throws IOException, InterruptedException {
    Config one = new Config(1, scenarioSeed, config.minBytes(), config.maxBytes(), 1, config.scenarioDeadline(),
        config.connections());
    return runSeeds(one, new long[] {scenarioSeed}, progress);
  }

  private static Summary runSeeds(Config config, long[] seeds, PrintStream progress) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory("barbiton-chaos");
    Map<ChaosFault, Map<Outcome, Integer>> counts = new EnumMap<>(ChaosFault.class);
    for (ChaosFault f : ChaosFault.values()) counts.put(f, new EnumMap<>(Outcome.class));
    List<Problem> problems = new ArrayList<>();
    long requests = 0;
    long slowest = 0;
    long served;
    ExecutorService pool = Executors.newFixedThreadPool(config.parallelism(), daemon("chaos-scenario"));
    try (MediaServer server = MediaServer.start();
        AssetStore store = AssetStore.builder(dir.resolve("cache")).maxBytes(1L << 40).open()) {
      List<Future<ChaosScenario.Report>> futures = new ArrayList<>();
      for (int i = 0; i < seeds.length; i++) {
        ChaosScenario scenario = new ChaosScenario(server, store, i, seeds[i], config.minBytes(), config.maxBytes(),
            config.connections(), config.scenarioDeadline());
        futures.add(pool.submit(scenario::run));
      }
      AtomicInteger done = new AtomicInteger();
      for (int i = 0; i < futures.size(); i++) {
        ChaosScenario.Report report;
        try {
          // A scenario bounds its own waits; this outer bound catches a scenario stuck elsewhere.
          report = futures.get(i).get(config.scenarioDeadline().toMillis() * 3 + 60_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          problems.add(new Problem(i, seeds[i], null, "?", "scenario stuck past every deadline\n" + ThreadDumps.all()));
          futures.get(i).cancel(true);
          continue;
        } catch (ExecutionException e) {
          problems.add(new Problem(i, seeds[i], null, "?", "scenario threw " + stackTrace(e.getCause())));
          continue;
        }
        counts.get(report.fault()).merge(report.outcome(), 1, Integer::sum);
        requests += report.requests();
        slowest = Math.max(slowest, report.millis());
        if (report.problem() != null) {
          problems.add(new Problem(report.index(), report.seed(), report.fault(), report.script(), report.problem()));
        }
        int n = done.incrementAndGet();
        if (progress != null && (n * 10L / seeds.length) != ((n - 1) * 10L / seeds.length)) {
          progress.printf("chaos: %d/%d scenarios, %d problems%n", n, seeds.length, problems.size());
        }
      }
      served = server.bodyBytesSent();
    } finally {
      pool.shutdownNow();
      deleteTree(dir);
    }
    problems.sort(Comparator.comparingInt(Problem::index));
    return new Summary(config, counts, List.copyOf(problems), requests, served,
        Duration.ofNanos(System.nanoTime() - started), slowest);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
