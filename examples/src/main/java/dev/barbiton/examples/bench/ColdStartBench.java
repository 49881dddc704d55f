package dev.barbiton.examples.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.testing.MediaServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * {@code ttff-cold} (ms): the wall time, from starting the process to its exit, of {@code barbiton
 * decode URL --frames 1} in a fresh JVM with an empty cache ({@code --cache}), against the {@code
 * ffmpeg} executable shipped in the bytedeco jar ({@code ffmpeg -v error -i URL -frames:v 1 -f null
 * -}), on the moov-at-end MP4 served at 2 MB/s. Both are cold processes; the OS page cache and
 * JavaCPP's extracted libraries ({@code ~/.javacpp/cache}) are warm, as on a user's second run.
 * Goal: ratio ≤ 1.0.
 *
 * <p>The note breaks Barbiton's time down (medians, from the command's {@code --json} {@code
 * timings}): JVM start to the command, the store + HTTP client + {@code FileSource.open}, FFmpeg's
 * native libraries, the demuxer open, the first frame, and the rest (the process launch before the
 * JVM's recorded start, and the exit after the frame).
 *
 * <p>The child JVM runs this JVM's class path: {@code java -jar barbiton.jar} when that is the
 * shaded jar, else {@code java -cp <class path> dev.barbiton.examples.Barbiton}.
 */
final class ColdStartBench {
  static final String NAME = "ttff-cold";
  static final Duration LIMIT = Duration.ofSeconds(60);
  private static final long RATE = 2_000_000;
  private static final String MAIN = "dev.barbiton.examples.Barbiton";
  private static final List<String> PHASES = List.of("jvmStartMs", "sourceOpenMs", "nativeLoadMs", "openMs",
      "firstFrameMs");

  private ColdStartBench() {}

  static List<Figure> run(BenchContext context, BenchMedia media) throws Exception {
    BenchMedia.MediaFile file = media.get(BenchMedia.Kind.MP4_MOOV_END);
    int iterations = context.pick(3, 5);
    Path work = context.newDirectory("cold");
    Optional<FfmpegExecutable> executable = FfmpegExecutable.find(context, NAME, work);
    if (!executable.isPresent()) {
      BenchContext.delete(work);
      return List.of();
    }
    Path ffmpeg = executable.get().path();
    Map<String, String> ffmpegEnvironment = executable.get().environment();
    context.progress(NAME + ": " + file.describe() + " at 2 MB/s, " + iterations + " iterations of each process");
    try (MediaServer server = MediaServer.start()) {
      String path = "/cold.mp4";
      server.serve(path, Files.readAllBytes(file.path())).contentType("video/mp4").throttle(RATE);
      String url = server.url(path);
      List<String> ffmpegCommand = List.of(ffmpeg.toString(), "-v", "error", "-i", url,
          "-frames:v", "1", "-f", "null", "-");
      Samples barbiton = new Samples(LIMIT.toMillis());
      Samples baseline = new Samples(LIMIT.toMillis());
      Map<String, List<Double>> phases = new LinkedHashMap<>();
      // Warm-up, not counted: the page cache of the jar, the libraries and the executable.
      run(work, url, new Samples(LIMIT.toMillis()), new LinkedHashMap<>());
      time(ffmpegCommand, ffmpegEnvironment, work, new Samples(LIMIT.toMillis()));
      for (int i = 0; i < iterations; i++) {
        if (i % 2 == 0) run(work, url, barbiton, phases);
        time(ffmpegCommand, ffmpegEnvironment, work, baseline);
        if (i % 2 == 1) run(work, url, barbiton, phases);
      }
      return List.of(Figure.timed(NAME, NAME + " " + BenchMedia.Kind.MP4_MOOV_END.label + " 2MB/s", barbiton, baseline,
          "the ffmpeg executable, cold: ffmpeg -v error -i URL -frames:v 1 -f null -",
          "process start to exit of barbiton decode URL --frames 1 in a fresh JVM, empty cache; " + file.describe()
              + " at 2 MB/s; goal <= 1.0; Barbiton " + breakdown(phases)));
    } finally {
      BenchContext.delete(work);
    }
  }

  /** One cold Barbiton run: its wall time into {@code samples}, its phases into {@code phases}. */
  private static void run(Path work, String url, Samples samples, Map<String, List<Double>> phases)
      throws IOException, InterruptedException {
    Path cache = Files.createTempDirectory(work, "cache-");
    List<String> command = new ArrayList<>(barbitonCommand());
    command.addAll(List.of("decode", url, "--frames", "1", "--cache", cache.toString(), "--json"));
    ChildProcess.Result result = ChildProcess.run(command, Map.of(), work, LIMIT);
    BenchContext.delete(cache);
    if (result.timedOut()) {
      samples.timeout();
      return;
    }
    if (result.exit() != 0) throw new IOException("exit " + result.exit() + ": " + command + "\n" + result.stderr());
    samples.add(result.wallMillis());
    JsonObject timings = JsonParser.parseString(result.stdout().trim()).getAsJsonObject().getAsJsonObject("timings");
    double sum = 0;
    for (String phase : PHASES) {
      double ms = timings.get(phase).getAsDouble();
      sum += ms;
      phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(ms);
    }
    phases.computeIfAbsent("restMs", p -> new ArrayList<>()).add(result.wallMillis() - sum);
  }

  private static void time(List<String> command, Map<String, String> environment, Path work, Samples samples)
      throws IOException, InterruptedException {
    ChildProcess.Result result = ChildProcess.run(command, environment, work, LIMIT);
    if (result.timedOut()) {
      samples.timeout();
      return;
    }
    if (result.exit() != 0) throw new IOException("exit " + result.exit() + ": " + command + "\n" + result.stderr());
    samples.add(result.wallMillis());
  }

  /**
   * The command that starts Barbiton's command line in a fresh JVM with this JVM's class path.
   * {@code java -jar} only when the class path is one jar whose main class is Barbiton's (a test's
   * class path may be a single manifest-only jar of another main).
   */
  static List<String> barbitonCommand() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Absolute entries: the child runs in a directory of its own.
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
      try (JarFile jar = new JarFile(classPath)) {
        var manifest = jar.getManifest();
        if (manifest != null && MAIN.equals(manifest.getMainAttributes().getValue("Main-Class"))) {
          return List.of(java, "-jar", classPath);
        }
      }
    }
    return List.of(java, "-cp", classPath, MAIN);
  }

  /** "JVM start 95 ms, native load 210 ms, …" from the medians of each phase. */
  static String breakdown(Map<String, List<Double>> phases) {
    if (phases.isEmpty()) return "breakdown: none (every run timed out)";
    Map<String, String> names = Map.of("jvmStartMs", "JVM start to command", "sourceOpenMs",
        "store + HTTP client + FileSource.open", "nativeLoadMs", "FFmpeg natives", "openMs", "demuxer open",
        "firstFrameMs", "first frame", "restMs", "rest (launch before the JVM's start time, exit)");
    StringBuilder text = new StringBuilder("breakdown (medians):");
    String separator = " ";
    for (Map.Entry<String, List<Double>> phase : phases.entrySet()) {
      double median = Stats.median(phase.getValue().stream().mapToDouble(Double::doubleValue).toArray());
      text.append(separator).append(names.get(phase.getKey())).append(String.format(Locale.ROOT, " %.0f ms", median));
      separator = ", ";
    }
    return text.toString();
  }
}
