package dev.barbiton.file.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running tool: its output read as it comes, its progress parsed, its end as a future.
 *
 * <p>Threads: three of the runner's threads per run — one reads standard output (progress blocks
 * or captured text), one keeps the last lines of standard error, one waits for the exit (and the
 * timeout). The progress callback runs on the standard-output thread, holding no lock. {@link
 * #cancel()} may be called from any thread.
 */
public final class ToolRun {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRun.class);

  private final ToolCommand command;
  private final Process process;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<ToolResult> completion = new CompletableFuture<>();
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private final StringBuilder stdout = new StringBuilder();
  private CompletableFuture<Void> outputsDone;
  private volatile boolean cancelled;

  ToolRun(ToolCommand command, Process process) {
    this.command = command;
    this.process = process;
  }

  /** Starts reading the outputs and waiting for the exit, on the runner's threads. */
  void begin(Consumer<ToolProgress> progress, ToolRunner runner) {
    CompletableFuture<Void> out = CompletableFuture.runAsync(() -> readStdout(progress), runner.executor());
    CompletableFuture<Void> err = CompletableFuture.runAsync(this::readStderr, runner.executor());
    outputsDone = CompletableFuture.allOf(out, err);
    CompletableFuture.runAsync(this::awaitExit, runner.executor()).whenComplete((ignored, failure) -> runner.ended(this));
  }

  /** Completes with the result at exit status 0, or exceptionally with a {@link ToolException}. */
  public CompletableFuture<ToolResult> completion() {
    return completion.thenApply(result -> result); // callers cannot complete ours
  }

  /**
   * Waits for the end.
   *
   * @throws ToolException if the tool failed, timed out or was stopped
   * @throws InterruptedException if the waiting thread is interrupted (the tool runs on)
   */
  public ToolResult await() throws ToolException, InterruptedException {
    try {
      return completion.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ToolException tool) throw tool;
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Stops the tool: {@code SIGTERM}, then after the grace period a kill, its descendants too. Any thread; idempotent. */
  public void cancel() {
    cancelled = true;
    stop();
  }

  /** Whether the tool still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  ToolCommand command() {
    return command;
  }

  private void awaitExit() {
    try {
      boolean exited;
      if (command.timeout().isPresent()) {
        exited = process.waitFor(command.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
        if (!exited) stop();
      } else {
        process.waitFor();
        exited = true;
      }
      process.waitFor();
      outputsDone.get(10, TimeUnit.SECONDS); // the readers end at the pipes' end of file
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      List<String> tail = tail();
      String name = command.toString();
      if (cancelled) {
        completion.completeExceptionally(new ToolCancelledException(name, tail));
      } else if (!exited) {
        completion.completeExceptionally(new ToolTimeoutException(name, command.timeout().get(), tail));
      } else if (process.exitValue() != 0) {
        completion.completeExceptionally(new ToolFailedException(name, process.exitValue(), tail, null));
      } else {
        completion.complete(new ToolResult(stdoutText(), tail, elapsed));
      }
      LOG.debug("{} ended: {}", name, cancelled ? "stopped" : exited ? "exit " + process.exitValue() : "timed out");
    } catch (Throwable t) {
      completion.completeExceptionally(new ToolFailedException(command.toString(), -1, tail(), t));
    }
  }

  /** {@code SIGTERM} to the tool and its descendants; after the grace period, a kill. */
  private void stop() {
    ProcessTrees.terminate(process);
    try {
      if (!process.waitFor(command.gracePeriod().toNanos(), TimeUnit.NANOSECONDS)) ProcessTrees.kill(process);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process);
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout(Consumer<ToolProgress> progress) {
    try (BufferedReader reader = reader(process.getInputStream())) {
      Map<String, String> block = new LinkedHashMap<>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (!command.progress()) {
          synchronized (stdout) {
            stdout.append(line).append('\n');
          }
          continue;
        }
        int equals = line.indexOf('=');
        if (equals <= 0) continue;
        block.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        if (line.startsWith("progress=")) {
          ToolProgress parsed = ToolProgress.of(block);
          block = new LinkedHashMap<>();
          if (progress != null) deliver(progress, parsed);
        }
      }
    } catch (IOException e) {
      // The pipe closed under us (the tool was killed): what was read is all there is.
    }
  }

  private static void deliver(Consumer<ToolProgress> progress, ToolProgress parsed) {
    try {
      progress.accept(parsed);
    } catch (RuntimeException e) {
      LOG.warn("progress callback failed", e); // the tool runs on; its output is still read
    }
  }

  private void readStderr() {
    try (BufferedReader reader = reader(process.getErrorStream())) {
      for (String line; (line = reader.readLine()) != null; ) {
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          while (stderrTail.size() > command.stderrLines()) stderrTail.removeFirst();
        }
      }
    } catch (IOException e) {
      // As for standard output.
    }
  }

  private List<String> tail() {
    synchronized (stderrTail) {
      return new ArrayList<>(stderrTail);
    }
  }

  private String stdoutText() {
    synchronized (stdout) {
      return stdout.toString();
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ToolRun[" + command + (process.isAlive() ? ", running]" : ", ended]");
  }
}
