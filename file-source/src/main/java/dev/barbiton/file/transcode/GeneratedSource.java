package dev.barbiton.file.transcode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Media made in the process by FFmpeg's source filters, as a transcode's input: no file, no
 * network, no {@code ffmpeg} executable. Each side is a filter graph with no input and one output
 * ({@code "testsrc2=size=640x360:rate=25"}, {@code "sine=frequency=440:sample_rate=48000"}),
 * run for {@code duration}.
 *
 * @param video the video source graph, if any
 * @param audio the audio source graph, if any
 * @param duration how long each side runs; positive
 */
public record GeneratedSource(Optional<String> video, Optional<String> audio, Duration duration) {
  public GeneratedSource {
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(duration, "duration");
    if (!video.isPresent() && !audio.isPresent()) throw new IllegalArgumentException("a generated source needs video or audio");
    if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive: " + duration);
  }

  /**
   * FFmpeg's {@code testsrc2} pattern (moving colour bars, a frame counter and the time) at
   * {@code width}×{@code height} and {@code fps}, with a 440 Hz sine tone at 48 kHz, for {@code
   * duration}.
   */
  public static GeneratedSource testPattern(int width, int height, int fps, Duration duration) {
    if (width <= 0 || height <= 0 || fps <= 0) {
      throw new IllegalArgumentException("size and rate must be positive: " + width + "x" + height + " at " + fps);
    }
    return new GeneratedSource(Optional.of("testsrc2=size=" + width + "x" + height + ":rate=" + fps),
        Optional.of("sine=frequency=440:sample_rate=48000"), duration);
  }

  /** The same source without audio. */
  public GeneratedSource withoutAudio() {
    return new GeneratedSource(video, Optional.empty(), duration);
  }

  /** The same source without video. */
  public GeneratedSource withoutVideo() {
    return new GeneratedSource(Optional.empty(), audio, duration);
  }
}
