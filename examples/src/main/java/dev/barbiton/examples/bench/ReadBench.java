package dev.barbiton.examples.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code read-seq} and {@code read-random}: runs {@link ReadBenchmarks} with JMH, programmatically,
 * and turns each benchmark's measured iterations into a median and its spread.
 *
 * <p>The resource is written once, by this JVM, before any benchmark runs (see {@link
 * ReadBenchmarks} for why both sides then read the same bytes from the same page-cache state). The
 * two sides take turns: in rounds, each side of each figure runs in a JVM of its own, Barbiton
 * first in even rounds and the baseline first in odd ones, so that a change of the machine's state
 * during the run (another process, the host) falls on both sides alike, and the spread shows the
 * differences between JVMs (code layout, JIT decisions) as well as between iterations.
 *
 * <p>Forks: 1 by default, so each trial gets a fresh JVM whose JIT has profiled only that
 * benchmark (this JVM has by then run OkHttp, the event bus and the other benchmarks, and a shared
 * profile would make the figures depend on the order they run in). Forking works from the shaded
 * {@code barbiton.jar} because JMH starts the fork with this JVM's own class path (the jar, which
 * holds the generated {@code META-INF/BenchmarkList}) and its JVM options. {@code --forks 0} runs
 * them in this JVM instead, for class paths a child JVM cannot use.
 *
 * <p>JMH's own output is kept in memory and shown if a benchmark fails, or with {@code --verbose}.
 * If another JMH run on the machine holds JMH's lock, this waits (up to 10 minutes) for it to end.
 */
final class ReadBench {
  static final String SEQUENTIAL = "read-seq";
  static final String RANDOM = "read-random";
  /** Benchmarks of {@link CheckedReadBenchmarks} are named with this prefix, those of {@link ReadBenchmarks} without. */
  private static final String CHECKED = "CheckedReadBenchmarks.";
  /** How long to wait for another JMH run on the machine to end before giving up. */
  private static final Duration LOCK_WAIT = Duration.ofMinutes(10);
  private static final long LOCK_POLL_MILLIS = 2_000;

  private ReadBench() {}

  static List<Figure> run(BenchContext context, boolean sequential, boolean random)
      throws RunnerException, IOException {
    List<String[]> pairs = new ArrayList<>();
    if (sequential) {
      pairs.add(new String[] {"sequentialBarbiton", "sequentialFileChannel"});
      pairs.add(new String[] {CHECKED + "sequentialFirstRead", "sequentialBarbiton"});
      pairs.add(new String[] {CHECKED + "verify", "sequentialFileChannel"});
    }
    if (random) pairs.add(new String[] {"randomBarbiton", "randomFileChannel"});
    if (pairs.isEmpty()) return List.of();

    int sizeMiB = context.pick(64, 256);
    int rounds = context.pick(2, 3);
    int warmups = context.pick(1, 2);
    int iterations = context.pick(2, 3);
    TimeValue time = context.quick() ? TimeValue.milliseconds(300) : TimeValue.seconds(1);
    Path store = context.newDirectory("read");
    context.progress("read: writing a " + sizeMiB + " MiB resource");
    ReadBenchmarks.prepare(store, sizeMiB);
    context.progress("read: JMH, " + 2 * pairs.size() + " benchmarks, " + rounds + " rounds of a fork each, forks "
        + context.forks() + ", " + warmups + "+" + iterations + " iterations of " + time);

    Map<String, List<Double>> scores = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (String[] pair : pairs) {
        for (int side = 0; side < 2; side++) {
          String method = pair[(round + side) % 2];
          String key = pair[0] + "|" + method; // a method on both sides of two pairs is measured for each
          for (RunResult result : runOne(context, method, store, warmups, iterations, time)) {
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
              for (IterationResult iteration : fork.getIterationResults()) {
                scores.computeIfAbsent(key, m -> new ArrayList<>()).add(iteration.getPrimaryResult().getScore());
              }
            }
          }
        }
      }
    }

    List<Figure> figures = new ArrayList<>();
    String how = rounds + " rounds of a JVM per side (taking turns) x " + iterations + " iterations of " + time
        + ", JMH forks " + context.forks();
    if (sequential) {
      double mbPerOp = ((long) sizeMiB << 20) / 1e6;
      figures.add(Figure.of(SEQUENTIAL, SEQUENTIAL, scaled(scores, "sequentialBarbiton|sequentialBarbiton", mbPerOp),
          scaled(scores, "sequentialBarbiton|sequentialFileChannel", mbPerOp), "MB/s",
          "FileChannel.read(direct, pos) of the .data file",
          "whole " + sizeMiB + " MiB resource in 1 MiB readAt into one page-aligned direct buffer; " + how));
      String first = CHECKED + "sequentialFirstRead";
      figures.add(Figure.of(SEQUENTIAL, SEQUENTIAL + " first read", scaled(scores, first + "|" + first, mbPerOp),
          scaled(scores, first + "|sequentialBarbiton", mbPerOp), "MB/s",
          "the same read of blocks already checked",
          "the same read in a store opened just before, as after a restart: every 64 KiB block checked against its"
              + " CRC32C as the read first reaches it; " + how));
      String verify = CHECKED + "verify";
      figures.add(Figure.of(SEQUENTIAL, "verify", scaled(scores, verify + "|" + verify, mbPerOp),
          scaled(scores, verify + "|sequentialFileChannel", mbPerOp), "MB/s",
          "FileChannel.read(direct, pos) of the .data file",
          "AssetStore.verify of the whole " + sizeMiB + " MiB resource in a store opened just before; " + how));
    }
    if (random) {
      figures.add(Figure.of(RANDOM, RANDOM, scaled(scores, "randomBarbiton|randomBarbiton", 1e-6),
          scaled(scores, "randomBarbiton|randomFileChannel", 1e-6), "M ops/s",
          "FileChannel.read(direct, pos) of the .data file",
          "4 KiB readAt at every 4 KiB block of " + sizeMiB + " MiB in one seeded random order; " + how));
    }
    return figures;
  }

  /** One JMH run of one benchmark method: a fork (or this JVM) with its warm-up and iterations. */
  private static Collection<RunResult> runOne(BenchContext context, String method, Path store, int warmups,
      int iterations, TimeValue time) throws RunnerException {
    Options options = new OptionsBuilder()
        .include("^" + Pattern.quote(qualified(method)) + "$")
        .param("store", store.toString())
        .forks(context.forks())
        .threads(1)
        .warmupIterations(warmups)
        .warmupTime(time)
        .measurementIterations(iterations)
        .measurementTime(time)
        .shouldFailOnError(true)
        .build();
    long lockDeadline = System.nanoTime() + LOCK_WAIT.toNanos();
    for (boolean waited = false; ; waited = true) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      Collection<RunResult> results;
      try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        results = new Runner(options, OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
      } catch (RunnerException e) {
        if (isLockTaken(e) && System.nanoTime() < lockDeadline) {
          if (!waited) context.progress("read: another JMH run holds JMH's lock; waiting for it to end");
          waitForLock();
          continue;
        }
        context.progress("JMH failed; its output:\n" + log.toString(StandardCharsets.UTF_8));
        throw e;
      } catch (RuntimeException e) {
        context.progress("JMH failed; its output:\n" + log.toString(StandardCharsets.UTF_8));
        throw e;
      }
      if (context.verbose()) context.progress("JMH output:\n" + log.toString(StandardCharsets.UTF_8));
      if (results.isEmpty()) throw new IllegalStateException("JMH gave no result for " + method);
      return results;
    }
  }

  /** The benchmark's full name: {@code method} of {@link ReadBenchmarks}, or a class-qualified one of this package. */
  private static String qualified(String method) {
    String pkg = ReadBenchmarks.class.getPackageName();
    return method.startsWith(CHECKED) ? pkg + "." + method : ReadBenchmarks.class.getName() + "." + method;
  }

  /** JMH refuses to run beside another JMH run on the machine (its lock file is taken). */
  private static boolean isLockTaken(RunnerException e) {
    return e.getMessage() != null && e.getMessage().contains("Unable to acquire the JMH lock");
  }

  /**
   * Waits a little for another JMH run (another build's tests, say) to end: two at once would
   * measure each other, so this waits rather than ignoring JMH's lock.
   */
  private static void waitForLock() throws RunnerException {
    try {
      Thread.sleep(LOCK_POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerException("interrupted waiting for the JMH lock", e);
    }
  }

  /** Every measured iteration of {@code method}, times {@code factor}. */
  private static double[] scaled(Map<String, List<Double>> scores, String method, double factor) {
    List<Double> values = scores.get(method);
    if (values == null || values.isEmpty()) throw new IllegalStateException("JMH gave no result for " + method);
    return values.stream().mapToDouble(d -> d * factor).toArray();
  }
}
