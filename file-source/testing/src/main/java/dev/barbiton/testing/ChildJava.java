package dev.barbiton.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} of this class path (the test classes, or the examples' jar,
 * which carries them), its stdout read line by line and its stderr kept whole.
 */
public final class ChildJava implements AutoCloseable {
  /** The line {@link #nextLine} returns once stdout has ended (the child exited or was killed). */
  public static final String EOF = "<eof>";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stderrReader;

  private ChildJava(Process process) {
    this.process = process;
    Thread stdoutReader = new Thread(() -> {
      try (BufferedReader in = reader(process.getInputStream())) {
        for (String line; (line = in.readLine()) != null; ) lines.add(line);
      } catch (IOException ignored) {
        // Killed: its stdout ends.
      } finally {
        lines.add(EOF);
      }
    }, "child-" + process.pid() + "-stdout");
    stdoutReader.setDaemon(true);
    stdoutReader.start();
    stderrReader = new Thread(() -> {
      try (BufferedReader in = reader(process.getErrorStream())) {
        for (String line; (line = in.readLine()) != null; ) stderr.append(line).append('\n');
      } catch (IOException ignored) {
        // Killed: its stderr ends.
      }
    }, "child-" + process.pid() + "-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /**
   * Starts {@code main} in a JVM with {@code jvmArgs} and {@code args}, on a class path of
   * everything this JVM sees: its class path, its module path (tests may run on it) and the place
   * {@code main} was loaded from (a test class patched into a module is on neither).
   */
  public static ChildJava start(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPathFor(main));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJava(new ProcessBuilder(command).start());
  }

  private static String classPathFor(Class<?> main) {
    java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
    try {
      entries.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // No code source (a JDK class?): the paths below have it, if anything does.
    }
    for (String property : List.of("java.class.path", "jdk.module.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(java.io.File.pathSeparator)) if (!entry.isEmpty()) entries.add(entry);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next line of stdout, {@link #EOF} once it ended; fails when none comes within {@code timeout}. */
  public String nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new AssertionError("child " + process.pid() + " printed nothing for " + timeout + "; stderr:\n" + stderr());
    }
    return line;
  }

  /** Kills the child with SIGKILL (no shutdown hook, no finally block runs) and waits for it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("child " + process.pid() + " did not die");
  }

  /** Waits for the child to exit; returns its exit code. */
  public int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("child " + process.pid() + " still running after " + timeout + "; stderr:\n" + stderr());
    }
    stderrReader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  /** Closes the child's stdin: the signal to finish, for mains that wait on it. */
  public void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** What the child wrote to stderr so far. */
  public String stderr() {
    return stderr.toString();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
