package dev.barbiton.server;

import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.avio.FfmpegUnavailableException;
import dev.barbiton.file.process.ToolCommand;
import dev.barbiton.file.process.ToolRunner;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * FFmpeg's executables from its platform jar, run as real clients. On Linux they need
 * {@code libpulse.so.0} ({@code .ci/run} installs it for these tests); without it a test that needs
 * them is skipped and says why.
 */
final class FfmpegTools {
  private FfmpegTools() {}

  /** Runs {@code tool} ({@code ffmpeg} or {@code ffprobe}) with {@code args}; its standard output. */
  static String run(String tool, String... args) throws Exception {
    ToolCommand.Builder command;
    try {
      command = Ffmpeg.bundledTool(tool);
    } catch (FfmpegUnavailableException e) {
      Assumptions.abort("the " + tool + " executable cannot load here (on Linux it needs libpulse.so.0): " + e.getMessage());
      throw new AssertionError("unreachable");
    }
    try (ToolRunner runner = new ToolRunner()) {
      return runner.start(command.args(args).timeout(Duration.ofSeconds(120)).build(), null).await().stdout();
    }
  }
}
