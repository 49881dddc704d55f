package dev.barbiton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Loader;

/**
 * Where test media lives, {@code target/test-media} of the module under test, and how a file there
 * is made once: the media itself is made in the test's own process (by {@code
 * dev.barbiton.file.transcode.SampleMedia} or {@code Transcoder}), so nothing large is committed
 * and no FFmpeg executable runs.
 */
public final class TestMedia {
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "test-media");
  private static final ConcurrentHashMap<Path, Path> MADE = new ConcurrentHashMap<>();

  private TestMedia() {}

  /** Makes a file at the path it is given. */
  @FunctionalInterface
  public interface Maker {
    void writeTo(Path file) throws IOException;
  }

  /** The test media directory, {@code target/test-media} under the working directory (made when a file is). */
  public static Path dir() {
    return DIR;
  }

  /** {@link #cached(Path, String, Maker)} in {@link #dir()}. */
  public static Path cached(String name, Maker maker) {
    return cached(DIR, name, maker);
  }

  /**
   * The file {@code name} in {@code dir}: on the first call (in any process) {@code maker} writes
   * it to a temporary file beside it, which then moves into place, so that no reader ever sees it
   * half written; later calls return it as it is.
   *
   * @throws UncheckedIOException if it cannot be made
   */
  public static Path cached(Path dir, String name, Maker maker) {
    return MADE.computeIfAbsent(dir.resolve(name), target -> {
      if (Files.isRegularFile(target)) return target;
      Path temp = target.resolveSibling(name + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".part");
      try {
        Files.createDirectories(dir);
        maker.writeTo(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make " + target, e);
      } finally {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover part file is harmless: the next maker writes its own
        }
      }
    });
  }

  /**
   * The {@code ffmpeg} executable shipped in the bytedeco jar, for benchmarks that measure against
   * it. It links PulseAudio's client library ({@code libpulse.so.0}), which not every machine has;
   * no test uses it.
   */
  public static Path ffmpeg() {
    return Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
  }
}
