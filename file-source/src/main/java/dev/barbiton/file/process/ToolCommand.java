package dev.barbiton.file.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An external tool to run: the executable, its arguments, what it finds in its environment, and
 * how long it may take. Immutable; made with {@link #builder}.
 *
 * <pre>{@code
 * ToolCommand.builder(ffmpeg).args("-v", "error", "-i", localUrl, "-c", "copy", out.toString())
 *     .progress()                      // adds -progress pipe:1 -nostats: progress events
 *     .timeout(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 */
public final class ToolCommand {
  private final Path executable;
  private final List<String> args;
  private final Map<String, String> environment;
  private final Optional<Path> directory;
  private final Optional<Duration> timeout;
  private final Duration gracePeriod;
  private final int stderrLines;
  private final boolean progress;

  private ToolCommand(Builder builder) {
    this.executable = builder.executable;
    this.args = Collections.unmodifiableList(new ArrayList<>(builder.args));
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
    this.directory = Optional.ofNullable(builder.directory);
    this.timeout = Optional.ofNullable(builder.timeout);
    this.gracePeriod = builder.gracePeriod;
    this.stderrLines = builder.stderrLines;
    this.progress = builder.progress;
  }

  /** A command running {@code executable}. */
  public static Builder builder(Path executable) {
    return new Builder(Objects.requireNonNull(executable, "executable"));
  }

  public Path executable() {
    return executable;
  }

  /** The arguments, progress options included. */
  public List<String> args() {
    return args;
  }

  /** Added to (or replacing in) the runner's own environment. */
  public Map<String, String> environment() {
    return environment;
  }

  public Optional<Path> directory() {
    return directory;
  }

  /** How long the tool may run before it is stopped and the run fails with a {@link ToolTimeoutException}. */
  public Optional<Duration> timeout() {
    return timeout;
  }

  /** How long a stopped tool has to exit after {@code SIGTERM} before it is killed. */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /** How many of the last lines of standard error a failure carries. */
  public int stderrLines() {
    return stderrLines;
  }

  /** Whether standard output carries FFmpeg's {@code -progress} key=value blocks. */
  public boolean progress() {
    return progress;
  }

  /** The command line for a log: URLs without their secrets, header values hidden. */
  @Override
  public String toString() {
    List<String> all = new ArrayList<>();
    all.add(executable.toString());
    all.addAll(args);
    return CommandLines.redacted(all);
  }

  /** How to build a {@link ToolCommand}. */
  public static final class Builder {
    private final Path executable;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private Duration timeout;
    private Duration gracePeriod = Duration.ofSeconds(2);
    private int stderrLines = 20;
    private boolean progress;

    private Builder(Path executable) {
      this.executable = executable;
    }

    /** Appends arguments. */
    public Builder args(String... values) {
      for (String value : values) args.add(Objects.requireNonNull(value, "argument"));
      return this;
    }

    /** Appends arguments. */
    public Builder args(List<String> values) {
      for (String value : values) args.add(Objects.requireNonNull(value, "argument"));
      return this;
    }

    /** An environment variable for the tool. */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The working directory; default: the runner's process's. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The most the tool may run; default: no limit. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
      this.timeout = timeout;
      return this;
    }

    /** How long a stopped tool has between {@code SIGTERM} and the kill; default 2 s. */
    public Builder gracePeriod(Duration grace) {
      if (grace.isNegative()) throw new IllegalArgumentException("negative grace period: " + grace);
      this.gracePeriod = grace;
      return this;
    }

    /** How many last lines of standard error a failure carries; default 20. */
    public Builder stderrLines(int lines) {
      if (lines < 0) throw new IllegalArgumentException("negative line count: " + lines);
      this.stderrLines = lines;
      return this;
    }

    /**
     * An FFmpeg tool's progress as events: appends {@code -progress pipe:1 -nostats} (FFmpeg's
     * machine-readable progress on standard output, and no status line on standard error).
     */
    public Builder progress() {
      this.progress = true;
      return this;
    }

    public ToolCommand build() {
      if (progress) {
        args.add(0, "-nostats");
        args.add(0, "pipe:1");
        args.add(0, "-progress");
      }
      return new ToolCommand(this);
    }
  }
}
