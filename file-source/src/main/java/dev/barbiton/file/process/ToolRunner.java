package dev.barbiton.file.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external tools (an {@code ffmpeg}, an {@code ffprobe}, a player) and keeps track of them:
 * each started with standard input closed and its output read, and every one still running
 * stopped — {@code SIGTERM}, then a kill after its grace period, descendants included — when the
 * runner closes, so an application leaves no orphan behind.
 *
 * <p>Command lines are logged (SLF4J, debug) with URLs' secrets and header values removed.
 * Thread-safe.
 */
public final class ToolRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);

  private final Set<ToolRun> running = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "barbiton-tool");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;

  /**
   * Starts {@code command}; {@code progress} (may be null) receives FFmpeg's progress blocks if the
   * command asks for them.
   *
   * @throws ToolFailedException if the tool cannot be started (no such executable, not executable)
   * @throws IllegalStateException if the runner is closed
   */
  public ToolRun start(ToolCommand command, Consumer<ToolProgress> progress) throws ToolFailedException {
    Objects.requireNonNull(command, "command");
    if (closed) throw new IllegalStateException("tool runner is closed");
    List<String> line = new ArrayList<>();
    line.add(command.executable().toString());
    line.addAll(command.args());
    ProcessBuilder builder = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(command.environment());
    command.directory().ifPresent(directory -> builder.directory(directory.toFile()));
    Process process;
    try {
      process = builder.start();
      process.getOutputStream().close(); // no input: ffmpeg would otherwise read keys from it
    } catch (IOException e) {
      throw new ToolFailedException(command.toString(), -1, Collections.emptyList(), e);
    }
    LOG.debug("started {}", command);
    ToolRun run = new ToolRun(command, process);
    running.add(run); // before it can end and leave the set
    run.begin(progress, this);
    if (closed) run.cancel(); // closed while starting: close() may have missed it
    return run;
  }

  /** The runs that have not ended yet. */
  public List<ToolRun> running() {
    return new ArrayList<>(running);
  }

  /** Stops every run still going and waits (at most their grace periods, then a little) for them to end. */
  @Override
  public void close() {
    closed = true;
    List<ToolRun> runs = running();
    for (ToolRun run : runs) run.cancel();
    for (ToolRun run : runs) {
      try {
        run.completion().handle((r, e) -> null).get(run.command().gracePeriod().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("{} did not end after it was stopped", run.command());
      }
    }
    executor.shutdown();
  }

  ExecutorService executor() {
    return executor;
  }

  void ended(ToolRun run) {
    running.remove(run);
  }
}
