package dev.barbiton.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Test media made by FFmpeg's own command-line tools (shipped in the bytedeco jars), generated on
 * first use and kept under {@code target/test-media}, so nothing large is committed.
 *
 * <p>Everything is synthetic (lavfi test sources): H.264 by libopenh264 and AAC, the encoders the
 * LGPL build has.
 */
public final class TestMedia {
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "test-media");
  private static final ConcurrentHashMap<String, Path> MADE = new ConcurrentHashMap<>();

  private TestMedia() {}

  /** The {@code ffmpeg} executable. */
  public static Path ffmpeg() {
    return Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
  }

  /** The {@code ffprobe} executable. */
  public static Path ffprobe() {
    return Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
  }

  /** An H.264 + AAC MP4 of {@code seconds}, moov first ({@code +faststart}) or at the end. */
  public static Path mp4(int seconds, boolean faststart) {
    String name = "h264-aac-" + seconds + "s" + (faststart ? "-faststart" : "-moov-at-end") + ".mp4";
    return make(name, out -> args(avSources(seconds), faststart ? "-movflags" : "", faststart ? "+faststart" : "", out));
  }

  /**
   * A fragmented MP4 (one {@code moof}+{@code mdat} per {@code fragmentSeconds}, cut at
   * keyframes), with audio or not, with a leading global {@code sidx} or not.
   */
  public static Path fragmented(int seconds, double fragmentSeconds, boolean audio, boolean sidx) {
    String name = "frag-" + seconds + "s-" + fragmentSeconds + (audio ? "-av" : "-v") + (sidx ? "-sidx" : "") + ".mp4";
    String flags = "+frag_keyframe+empty_moov+default_base_moof" + (sidx ? "+global_sidx" : "");
    List<String> sources = audio ? avSources(seconds) : videoSource(seconds);
    return make(name, out -> args(sources,
        "-frag_duration", Long.toString((long) (fragmentSeconds * 1_000_000)), "-movflags", flags, out));
  }

  /** An H.264 + AAC Matroska file of {@code seconds}: SeekHead first, Cues at the end (FFmpeg's layout). */
  public static Path mkv(int seconds) {
    String name = "h264-aac-" + seconds + "s.mkv";
    return make(name, out -> args(avSources(seconds), "-f", "matroska", out));
  }

  /** Runs {@code exe} with {@code args}; returns its stdout; fails the test on a non-zero exit. */
  public static String run(Path exe, String... args) {
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      // The executables sit beside the FFmpeg libraries they link against.
      builder.environment().merge("LD_LIBRARY_PATH", exe.getParent().toString(), (a, b) -> b + ":" + a);
      Process process = builder.start();
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      if (process.exitValue() != 0) throw new AssertionError("exit " + process.exitValue() + ": " + command);
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private interface Recipe {
    List<String> args(String output);
  }

  private static Path make(String name, Recipe recipe) {
    return MADE.computeIfAbsent(name, n -> {
      Path target = DIR.resolve(n);
      if (Files.exists(target)) return target;
      try {
        Files.createDirectories(DIR);
        Path temp = DIR.resolve(n + ".part.mp4");
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-y"));
        args.addAll(recipe.args(temp.toString()));
        args.removeIf(String::isEmpty);
        run(ffmpeg(), args.toArray(String[]::new));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
      } catch (IOException e) {
        throw new AssertionError("cannot make " + n, e);
      }
    });
  }

  private static List<String> videoSource(int seconds) {
    return List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds,
        "-c:v", "libopenh264", "-b:v", "400k", "-g", "25", "-pix_fmt", "yuv420p");
  }

  private static List<String> avSources(int seconds) {
    List<String> all = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds));
    all.addAll(List.of("-c:v", "libopenh264", "-b:v", "400k", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"));
    return all;
  }

  private static List<String> args(List<String> sources, String... rest) {
    List<String> all = new ArrayList<>(sources);
    all.addAll(List.of(rest));
    return all;
  }
}
