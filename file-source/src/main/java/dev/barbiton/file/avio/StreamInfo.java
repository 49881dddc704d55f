package dev.barbiton.file.avio;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param frameRate video frames per second (the stream's average, else its base rate); 0 if
 *     unknown or not video
 * @param bitRate the stream's bit rate in bits per second, when the container or codec says; else 0
 * @param pixelFormat FFmpeg's name of the video's pixel format ({@code yuv420p}); empty if unknown
 *     or not video
 * @param sampleFormat FFmpeg's name of the audio's sample format ({@code fltp}); empty if unknown or
 *     not audio
 * @param tags the stream's metadata as the container gives it ({@code language}, {@code title},
 *     {@code handler_name} ...), in its order
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
    OptionalLong durationTicks,
    double frameRate,
    long bitRate,
    String pixelFormat,
    String sampleFormat,
    Map<String, String> tags) {

  public StreamInfo {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(codecName, "codecName");
    Objects.requireNonNull(durationTicks, "durationTicks");
    Objects.requireNonNull(pixelFormat, "pixelFormat");
    Objects.requireNonNull(sampleFormat, "sampleFormat");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    if (timeBaseDenominator <= 0) {
      throw new IllegalArgumentException("timeBaseDenominator <= 0: " + timeBaseDenominator);
    }
  }

  /** A stream as {@code StreamInfo} described it before frame rate, bit rate, formats and tags. */
  public StreamInfo(int index, MediaType type, int codecId, String codecName, int width, int height, int sampleRate,
      int channels, int timeBaseNumerator, int timeBaseDenominator, OptionalLong durationTicks) {
    this(index, type, codecId, codecName, width, height, sampleRate, channels, timeBaseNumerator, timeBaseDenominator,
        durationTicks, 0, 0, "", "", Map.of());
  }

  /** The {@code language} tag (ISO 639-2, as containers write it: {@code eng}), if there is one. */
  public Optional<String> language() {
    String language = tags.get("language");
    return language == null || language.equals("und") ? Optional.empty() : Optional.of(language);
  }

  /** The stream's duration, when the container says. */
  public Optional<Duration> duration() {
    if (!durationTicks.isPresent()) return Optional.empty();
    long millis = Timestamps.toMillis(durationTicks.getAsLong(), timeBaseNumerator, timeBaseDenominator);
    return Optional.of(Duration.ofMillis(millis));
  }
}
