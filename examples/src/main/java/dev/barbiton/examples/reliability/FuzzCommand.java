package dev.barbiton.examples.reliability;

import dev.barbiton.reliability.FuzzRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barbiton fuzz}: the media fuzzer at a large size. Seeded mutations and cuts of small MP4,
 * WebM, Matroska and MP3 files (made by FFmpeg) go through the sniffer, the fragmented-MP4 segment
 * indexer and FFmpeg's demuxers and decoders, in child JVMs; anything but our typed errors (a JVM
 * crash, a hang, an {@code OutOfMemoryError}, an unexpected exception) is a problem, and its input
 * is kept as a fixture that every later run (and the unit test) replays. Exit code 0 when no input
 * broke a rule, 1 otherwise.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = "Feeds mutated media to the sniffer, the segment indexer and FFmpeg, and keeps any input that breaks them.")
public final class FuzzCommand implements Callable<Integer> {
  /** Where the project keeps its fixtures, when run from a checkout's root. */
  private static final Path PROJECT_FIXTURES = Path.of("file-source", "src", "test", "resources", "dev", "barbiton", "file",
      "reliability");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--inputs", defaultValue = "3000", description = "How many generated inputs (default ${DEFAULT-VALUE}).")
  int inputs;

  @Option(names = "--seed", defaultValue = "0xf0221", converter = Seeds.class, description = "The run's seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-frames", defaultValue = "30", description = "Frames decoded per input, at most (default ${DEFAULT-VALUE}).")
  int maxFrames;

  @Option(names = "--deadline", defaultValue = "20", description = "Seconds one input may take (default ${DEFAULT-VALUE}).")
  int deadlineSeconds;

  @Option(names = "--fixtures", description = "Where breaking inputs are kept and fixtures replayed from "
      + "(default: the project's test resources when run from a checkout, else ./barbiton-fuzz-findings).")
  Path fixtures;

  @Option(names = "--media", description = "Where the base media files are made (default: <tmp>/barbiton-fuzz-media).")
  Path media;

  @Override
  public Integer call() throws Exception {
    Path fixtureDir = fixtures != null ? fixtures
        : Files.isDirectory(PROJECT_FIXTURES.getParent()) ? PROJECT_FIXTURES : Path.of("barbiton-fuzz-findings");
    Path mediaDir = media != null ? media : Path.of(System.getProperty("java.io.tmpdir"), "barbiton-fuzz-media");
    FuzzRunner.Summary summary = FuzzRunner.run(
        new FuzzRunner.Config(inputs, seed, maxFrames, Duration.ofSeconds(deadlineSeconds), mediaDir, fixtureDir), System.err);
    spec.commandLine().getOut().print(summary.format());
    spec.commandLine().getOut().flush();
    return summary.ok() ? 0 : 1;
  }
}
