package dev.barbiton.file.mp4;

import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fragmented MP4 recipes beyond {@link TestMedia#fragmented}, made by FFmpeg's own {@code ffmpeg}
 * under {@code target/test-media/mp4} on first use: longer keyframe intervals, fragments that do
 * not start at keyframes, one {@code moof} per track, per-fragment {@code sidx}, audio only.
 *
 * @param name a file name stem, unique per recipe
 * @param seconds the length of the media
 * @param gop frames between keyframes (25 fps)
 * @param fragmentMicros {@code -frag_duration}, or 0 for none
 * @param movflags added to {@code +empty_moov+default_base_moof}
 * @param video whether there is a video track
 * @param audio whether there is an audio track
 */
record FfmpegMedia(String name, int seconds, int gop, long fragmentMicros, String movflags,
    boolean video, boolean audio) {

  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "test-media", "mp4");
  private static final ConcurrentHashMap<String, Path> MADE = new ConcurrentHashMap<>();

  static FfmpegMedia video(String name, int seconds, int gop, String movflags) {
    return new FfmpegMedia(name, seconds, gop, 0, movflags, true, false);
  }

  static FfmpegMedia audioVideo(String name, int seconds, int gop, String movflags) {
    return new FfmpegMedia(name, seconds, gop, 0, movflags, true, true);
  }

  /** The same recipe with {@code -frag_duration}. */
  FfmpegMedia fragmentMicros(long micros) {
    return new FfmpegMedia(name, seconds, gop, micros, movflags, video, audio);
  }

  /** The same recipe without video. */
  FfmpegMedia audioOnly() {
    return new FfmpegMedia(name, seconds, gop, fragmentMicros, movflags, false, true);
  }

  /** The file, made on first use. */
  Path path() {
    return MADE.computeIfAbsent(name, n -> {
      Path target = DIR.resolve(n + ".mp4");
      if (Files.exists(target)) return target;
      try {
        Files.createDirectories(DIR);
        Path temp = DIR.resolve(n + ".part.mp4");
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-y"));
        if (video) {
          args.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds));
        }
        if (audio) {
          args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds));
        }
        if (video) {
          args.addAll(List.of("-c:v", "libopenh264", "-b:v", "400k", "-g", Integer.toString(gop), "-pix_fmt", "yuv420p"));
        }
        if (audio) args.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        if (fragmentMicros > 0) args.addAll(List.of("-frag_duration", Long.toString(fragmentMicros)));
        args.addAll(List.of("-movflags", "+empty_moov+default_base_moof" + movflags, temp.toString()));
        TestMedia.run(TestMedia.ffmpeg(), args.toArray(String[]::new));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String toString() {
    return name;
  }
}
