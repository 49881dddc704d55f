package dev.barbiton.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end or a time limit and tells its wall time: from just before the process
 * is started to its exit being seen. Its stdout and stderr go to files (no reader threads on the
 * measured path) and are read back afterwards.
 */
final class ChildProcess {
  /**
   * What happened.
   *
   * @param exit the exit code; meaningless if {@code timedOut}
   * @param timedOut it was still running at the limit and was killed
   * @param wallMillis start to exit (to the kill, if it timed out)
   */
  record Result(int exit, boolean timedOut, double wallMillis, String stdout, String stderr) {}

  private ChildProcess() {}

  /**
   * Runs {@code command} with {@code environment} added to this process's, in {@code directory}
   * (which also receives its output files), killing it after {@code limit}.
   *
   * @throws IOException if it cannot start
   */
  static Result run(List<String> command, Map<String, String> environment, Path directory, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(directory, "child-", ".out");
    Path err = Files.createTempFile(directory, "child-", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close(); // no input: ffmpeg would otherwise read keys from it
    boolean exited = process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
    double wall = (System.nanoTime() - start) / 1e6;
    if (!exited) {
      process.destroyForcibly();
      process.waitFor();
    }
    Result result = new Result(exited ? process.exitValue() : -1, !exited, wall,
        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }
}
