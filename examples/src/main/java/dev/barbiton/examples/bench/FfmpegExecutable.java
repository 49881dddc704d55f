package dev.barbiton.examples.bench;

import dev.barbiton.testing.TestMedia;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ffmpeg} executable of FFmpeg's platform jar, as a benchmark baseline: found and tried
 * once ({@code ffmpeg -version}), because on Linux it needs {@code libpulse.so.0}, which a bare
 * machine lacks (the library itself never does).
 *
 * @param path the executable
 * @param environment what it needs in its environment: the libraries beside it
 */
record FfmpegExecutable(Path path, Map<String, String> environment) {
  /** The executable if it runs here; else empty, and a line on the progress stream says why {@code bench} is skipped. */
  static Optional<FfmpegExecutable> find(BenchContext context, String bench, Path work) throws IOException, InterruptedException {
    Path ffmpeg;
    try {
      ffmpeg = TestMedia.ffmpeg(); // JavaCPP links the program's libraries first, libavdevice among them
    } catch (LinkageError e) {
      context.progress(bench + ": skipped, the ffmpeg executable's libraries do not load here: " + e.getMessage());
      return Optional.empty();
    }
    FfmpegExecutable executable = new FfmpegExecutable(ffmpeg, Map.of("LD_LIBRARY_PATH", libraryPath(ffmpeg)));
    ChildProcess.Result probe = ChildProcess.run(List.of(ffmpeg.toString(), "-version"), executable.environment, work,
        Duration.ofSeconds(30));
    if (probe.exit() == 0) return Optional.of(executable);
    String[] lines = probe.stderr().trim().split("\n");
    context.progress(bench + ": skipped, the ffmpeg executable does not run here: " + lines[lines.length - 1]);
    return Optional.empty();
  }

  private static String libraryPath(Path executable) {
    String inherited = System.getenv("LD_LIBRARY_PATH");
    String own = executable.getParent().toString();
    return inherited == null || inherited.isEmpty() ? own : own + File.pathSeparator + inherited;
  }
}
