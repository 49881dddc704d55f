package dev.barbiton.server;

import dev.barbiton.file.process.ToolCommand;
import dev.barbiton.file.process.ToolRun;
import dev.barbiton.file.process.ToolRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, as a real client: opens one page and runs until closed, when
 * it is stopped with every process it started ({@link ToolRunner} stops a tool's descendants too;
 * {@link #close} then checks that none of them is left alive).
 *
 * <p>The flags: {@code --no-sandbox} because the tests run as root; {@code --disable-gpu} with no
 * display; and no background networking (component updates, sync, field trials, QUIC): on a machine
 * without a network those connections fail and slow the browser down. A new empty profile directory
 * each time, so no state of an earlier run plays a part.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser");

  private final ToolRunner runner = new ToolRunner();
  private final ToolRun run;
  private final Path profile;
  /**
   * The browser's {@code TMPDIR}, for the directories of its sockets: a short path of its own (a
   * socket's path has at most 107 bytes; one under the test's directory can be too long, and the
   * browser then exits at once), removed at {@link #close}.
   */
  private final Path temp;

  private HeadlessChromium(Path executable, Path profile, String url) throws IOException {
    this.profile = profile;
    this.temp = Files.createTempDirectory("chromium-");
    ToolCommand command = ToolCommand.builder(executable)
        .args("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
            "--user-data-dir=" + profile, url)
        .environment("TMPDIR", temp.toString())
        .timeout(Duration.ofMinutes(3))
        .gracePeriod(Duration.ofSeconds(2))
        .stderrLines(40)
        .build();
    this.run = runner.start(command, null);
  }

  /**
   * The Chromium executable on the {@code PATH}; skips the test (a JUnit assumption, with the
   * reason) when there is none.
   */
  static Path require() {
    Optional<Path> executable = find();
    Assumptions.assumeTrue(executable.isPresent(),
        "no chromium executable on the PATH (" + System.getenv("PATH") + "): .ci/run installs Debian's chromium");
    return executable.get();
  }

  /** Starts {@code executable} (from {@link #require}) on {@code url} with a new profile in {@code dir}. */
  static HeadlessChromium open(Path executable, Path dir, String url) throws IOException {
    return new HeadlessChromium(executable, Files.createTempDirectory(dir, "chromium-profile-"), url);
  }

  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String directory : path.split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(directory, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  boolean isAlive() {
    return run.isAlive();
  }

  /** The run and, once it ended, how (with the last lines of its standard error): for a failure's message. */
  String describe() {
    String outcome = run.completion().handle((result, failure) -> failure == null ? "exit 0" : String.valueOf(failure.getCause()))
        .getNow("running");
    return run + ", profile " + profile + ": " + outcome;
  }

  /** The processes of this JVM's tree now: the browser and whatever it started, among others. */
  static List<ProcessHandle> descendantsOfThisJvm() {
    return ProcessHandle.current().descendants().collect(Collectors.toList());
  }

  /** Stops the browser and its processes; throws if one of {@code tree} is still alive 10 s later. */
  void close(List<ProcessHandle> tree) {
    close();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(1, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        throw new AssertionError("a process of the browser is still alive after it was stopped: "
            + process.pid() + " " + process.info().commandLine().orElse("?"), e);
      }
    }
  }

  @Override
  public void close() {
    runner.close(); // SIGTERM to the tree, a kill after the grace period
    try (Stream<Path> paths = Files.walk(temp)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Left in the system's temporary directory: nothing a test depends on.
    }
  }
}
