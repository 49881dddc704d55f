package dev.barbiton.examples.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * <p>Forks: 1 by default, so each benchmark gets a fresh JVM whose JIT has profiled only that
 * benchmark (this JVM has by then run OkHttp, the event bus and the other benchmarks, and a shared
 * profile would make the figures depend on the order they run in). Forking works from the shaded
 * {@code barbiton.jar} because JMH starts the fork with this JVM's own class path (the jar, which
 * holds the generated {@code META-INF/BenchmarkList}) and its JVM options. {@code --forks 0} runs
 * them in this JVM instead, for class paths a child JVM cannot use.
 *
 * <p>JMH's own output is kept in memory and shown if a benchmark fails, or with {@code --verbose}.
 */
final class ReadBench {
  static final String SEQUENTIAL = "read-seq";
  static final String RANDOM = "read-random";

  private ReadBench() {}

  static List<Figure> run(BenchContext context, boolean sequential, boolean random)
      throws RunnerException, IOException {
    List<String> methods = new ArrayList<>();
    if (sequential) methods.addAll(List.of("sequentialBarbiton", "sequentialFileChannel"));
    if (random) methods.addAll(List.of("randomBarbiton", "randomFileChannel"));
    if (methods.isEmpty()) return List.of();

    int sizeMiB = context.pick(64, 256);
    int warmups = context.pick(2, 5);
    int iterations = context.pick(5, 10);
    TimeValue time = context.quick() ? TimeValue.milliseconds(300) : TimeValue.seconds(1);
    Options options = new OptionsBuilder()
        .include("^" + Pattern.quote(ReadBenchmarks.class.getName() + ".") + "(" + String.join("|", methods) + ")$")
        .param("sizeMiB", Integer.toString(sizeMiB))
        .param("parent", context.newDirectory("read").toString())
        .forks(context.forks())
        .threads(1)
        .warmupIterations(warmups)
        .warmupTime(time)
        .measurementIterations(iterations)
        .measurementTime(time)
        .shouldFailOnError(true)
        .build();
    context.progress("read: JMH, " + methods.size() + " benchmarks, " + sizeMiB + " MiB resource, forks "
        + context.forks() + ", " + warmups + "+" + iterations + " iterations of " + time);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Collection<RunResult> results;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      results = new Runner(options, OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
    } catch (RunnerException | RuntimeException e) {
      context.progress("JMH failed; its output:\n" + log.toString(StandardCharsets.UTF_8));
      throw e;
    }
    if (context.verbose()) context.progress("JMH output:\n" + log.toString(StandardCharsets.UTF_8));
    Map<String, double[]> scores = new HashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      List<Double> values = new ArrayList<>();
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) values.add(iteration.getPrimaryResult().getScore());
      }
      scores.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), values.stream().mapToDouble(d -> d).toArray());
    }

    List<Figure> figures = new ArrayList<>();
    if (sequential) {
      double mbPerOp = ReadBenchmarks.SEQUENTIAL_BYTES / 1e6;
      figures.add(Figure.of(SEQUENTIAL, SEQUENTIAL, scaled(scores, "sequentialBarbiton", mbPerOp),
          scaled(scores, "sequentialFileChannel", mbPerOp), "MB/s",
          "FileChannel.read(direct, pos) of the .data file",
          "1 MiB readAt into a direct buffer, " + sizeMiB + " MiB resource, JMH forks " + context.forks()));
    }
    if (random) {
      figures.add(Figure.of(RANDOM, RANDOM, scaled(scores, "randomBarbiton", 1e-6),
          scaled(scores, "randomFileChannel", 1e-6), "M ops/s",
          "FileChannel.read(direct, pos) of the .data file",
          "4 KiB readAt at aligned random positions, " + sizeMiB + " MiB resource, JMH forks " + context.forks()));
    }
    return figures;
  }

  /** Every measured iteration of {@code method}, times {@code factor}. */
  private static double[] scaled(Map<String, double[]> scores, String method, double factor) {
    double[] values = scores.get(method);
    if (values == null || values.length == 0) throw new IllegalStateException("JMH gave no result for " + method);
    double[] scaled = new double[values.length];
    for (int i = 0; i < values.length; i++) scaled[i] = values[i] * factor;
    return scaled;
  }
}
