package dev.barbiton.file.avio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stream of a container, as FFmpeg found it when the demuxer opened.
 *
 * @param index the stream's index, as in packets' {@code stream_index}
 * @param type what the stream carries
 * @param codecId FFmpeg's {@code AVCodecID}
 * @param codecName FFmpeg's short codec name ({@code "hevc"}, {@code "aac"})
 * @param width video width in pixels; 0 for other streams
 * @param height video height in pixels; 0 for other streams
 * @param sampleRate audio samples per second; 0 for other streams
 * @param channels audio channels; 0 for other streams
 * @param timeBaseNumerator numerator of the time base of the stream's timestamps
 * @param timeBaseDenominator denominator of that time base
 * @param durationTicks the stream's duration in its time base, when the container says
 */
public record StreamInfo(
    int index,
    MediaType type,
    int codecId,
    String codecName,
    int width,
    int height,
    int sampleRate,
    int channels,
    int timeBaseNumerator,
    int timeBaseDenominator,
    OptionalLong durationTicks) {

  public StreamInfo {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(codecName, "codecName");
    Objects.requireNonNull(durationTicks, "durationTicks");
    if (timeBaseDenominator <= 0) {
      throw new IllegalArgumentException("timeBaseDenominator <= 0: " + timeBaseDenominator);
    }
  }

  /** The stream's duration, when the container says. */
  public Optional<Duration> duration() {
    if (!durationTicks.isPresent()) return Optional.empty();
    long millis = Timestamps.toMillis(durationTicks.getAsLong(), timeBaseNumerator, timeBaseDenominator);
    return Optional.of(Duration.ofMillis(millis));
  }
}
