package dev.barbiton.reliability;

import dev.barbiton.testing.ChildJava;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fuzzing: seeded mutations of small MP4, MPEG-TS, WebM, Matroska and MP3 files ({@link
 * FuzzInputs}) through the sniffer, the track reader, the segment indexer and FFmpeg ({@link
 * FuzzTarget}), in child JVMs ({@link
 * FuzzChildMain}) so that a JVM crash, a hang or an {@code OutOfMemoryError} is caught, named and
 * survived. Any input that breaks a rule is written to the fixture directory, and every fixture
 * there is run again first, as a regression test.
 */
public final class FuzzRunner {
  private FuzzRunner() {}

  /**
   * @param inputs generated inputs (the first of each base unmutated)
   * @param seed the run's seed
   * @param maxFrames frames decoded per input, at most (then a seek to the middle and 5 more)
   * @param inputDeadline how long one input may take before it counts as a hang
   * @param mediaDir where the base files are made and kept
   * @param fixtureDir where breaking inputs are kept, and fixtures read from; null for neither
   */
  public record Config(int inputs, long seed, int maxFrames, Duration inputDeadline, Path mediaDir, Path fixtureDir) {}

  /** One input that broke a rule. */
  public record Problem(String id, String what, Path fixture) {
    @Override
    public String toString() {
      return id + ": " + what + (fixture == null ? "" : " (kept as " + fixture + ")");
    }
  }

  public record Summary(Config config, int inputs, int fixtures, Map<String, Map<String, Integer>> outcomes, List<Problem> problems,
      int childJvms, Duration elapsed) {
    public boolean ok() {
      return problems.isEmpty();
    }

    public String format() {
      StringBuilder b = new StringBuilder(String.format(
          "fuzz: %d inputs + %d fixtures, seed 0x%x, %d child JVMs, %.1f s, %d problems%n", inputs, fixtures, config.seed(), childJvms,
          elapsed.toMillis() / 1000.0, problems.size()));
      b.append("  base file / outcome (sniffed container, tracks described, segment index, FFmpeg open+decode): count\n");
      for (Map.Entry<String, Map<String, Integer>> e : outcomes.entrySet()) {
        b.append("  ").append(e.getKey()).append('\n');
        e.getValue().forEach((k, v) -> b.append(String.format("      %-48s %6d%n", k, v)));
      }
      for (Problem p : problems) b.append("  PROBLEM ").append(p).append('\n');
      return b.toString();
    }
  }

  public static Summary run(Config config, PrintStream progress) throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<FuzzInputs.Base> bases = FuzzInputs.bases(config.mediaDir()); // made here, not by racing children
    List<String> jobs = new ArrayList<>();
    List<Path> fixtures = new ArrayList<>();
    if (config.fixtureDir() != null && Files.isDirectory(config.fixtureDir())) {
      try (Stream<Path> files = Files.list(config.fixtureDir())) {
        files.filter(p -> p.toString().endsWith(".bin")).sorted().forEach(fixtures::add);
      }
    }
    for (Path f : fixtures) jobs.add("file " + f.toAbsolutePath());
    for (int i = 0; i < config.inputs(); i++) jobs.add("gen " + i);
    Path jobFile = Files.createTempFile("barbiton-fuzz-jobs", ".txt");
    Files.write(jobFile, jobs);

    Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    int children = 0;
    int next = 0;
    try {
      while (next < jobs.size()) {
        children++;
        Path errorFile = Files.createTempFile("barbiton-fuzz-hs_err", ".log");
        String current = null;
        int currentLine = next;
        boolean done = false;
        List<String> dump = new ArrayList<>();
        try (ChildJava child = ChildJava.start(FuzzChildMain.class, List.of("-Xmx512m", "-XX:ErrorFile=" + errorFile,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Dorg.bytedeco.javacpp.logger=slf4j"),
            config.mediaDir().toString(), "0x" + Long.toHexString(config.seed()), Integer.toString(config.maxFrames()),
            Long.toString(config.inputDeadline().toMillis()), jobFile.toString(), Integer.toString(next))) {
          Duration lineTimeout = config.inputDeadline().multipliedBy(2).plusSeconds(60);
          for (String line; !(line = child.nextLine(lineTimeout)).equals(ChildJava.EOF); ) {
            if (line.startsWith("start ")) {
              current = line.substring(6);
              currentLine = Integer.parseInt(current.split(" ")[0]);
            } else if (line.startsWith("ok ")) {
              String[] parts = line.split(" ", 4);
              String base = jobs.get(Integer.parseInt(parts[1])).startsWith("file ") ? "fixtures"
                  : bases.get(Integer.parseInt(parts[2].substring(4)) % bases.size()).name();
              outcomes.computeIfAbsent(base, k -> new TreeMap<>()).merge(parts[3], 1, Integer::sum);
              next = Integer.parseInt(parts[1]) + 1;
              current = null;
              if (progress != null && next % Math.max(1, jobs.size() / 10) == 0) {
                progress.printf("fuzz: %d/%d inputs, %d problems%n", next, jobs.size(), problems.size());
              }
            } else if (line.startsWith("problem ")) {
              String rest = line.substring(8);
              int at = rest.indexOf(' ', rest.indexOf(' ') + 1);
              problems.add(keep(config, bases, jobs, currentLine, rest.substring(0, at), rest.substring(at + 1)));
              next = currentLine + 1;
              current = null;
            } else if (line.startsWith("hang ")) {
              current = line.substring(5);
            } else if (line.startsWith("dump ")) {
              dump.add(line.substring(5));
            } else if (line.equals("done")) {
              done = true;
            }
          }
          int exit = child.await(Duration.ofSeconds(30));
          if (done) break;
          if (current != null) {
            String what = !dump.isEmpty()
                ? "hung for " + config.inputDeadline().toMillis() + " ms\n" + String.join("\n", dump)
                : "JVM died (exit " + exit + ")" + crashReport(errorFile, child.stderr());
            problems.add(keep(config, bases, jobs, currentLine, current, what));
            next = currentLine + 1;
          } else if (exit != 0) {
            throw new IOException("fuzz child exited " + exit + " between inputs:\n" + child.stderr());
          }
        } finally {
          Files.deleteIfExists(errorFile);
        }
      }
    } finally {
      Files.deleteIfExists(jobFile);
    }
    return new Summary(config, config.inputs(), fixtures.size(), outcomes, List.copyOf(problems), children,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static String crashReport(Path errorFile, String stderr) throws IOException {
    String report = Files.exists(errorFile) ? Files.readString(errorFile) : "";
    String head = report.lines().limit(40).reduce("", (a, b) -> a + "\n" + b);
    return head.isEmpty() ? "\n" + stderr : head;
  }

  /** Keeps a generated input that broke a rule as a fixture (with a note of what it broke). */
  private static Problem keep(Config config, List<FuzzInputs.Base> bases, List<String> jobs, int line, String id, String what)
      throws IOException {
    String job = jobs.get(line);
    if (config.fixtureDir() == null || !job.startsWith("gen ")) return new Problem(id, what, null);
    int index = Integer.parseInt(job.substring(4));
    String name = bases.get(index % bases.size()).name().replace('.', '-') + "-seed" + Long.toHexString(config.seed()) + "-" + index;
    Files.createDirectories(config.fixtureDir());
    Path fixture = config.fixtureDir().resolve(name + ".bin");
    Files.write(fixture, FuzzInputs.input(bases, config.seed(), index));
    Files.writeString(config.fixtureDir().resolve(name + ".txt"), what.lines().findFirst().orElse("") + "\n");
    return new Problem(id, what, fixture);
  }
}
