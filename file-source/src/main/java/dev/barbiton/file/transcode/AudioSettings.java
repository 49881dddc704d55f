package dev.barbiton.file.transcode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a transcode does with the input's best audio stream: encode it ({@link #encode}), with
 * optional encoder settings and a filter graph; copy its packets unchanged ({@link #copy()}); or
 * leave it out ({@link #none()}). Immutable: each setter returns a new value.
 *
 * <pre>{@code
 * AudioSettings.encode("libopus").bitrate(96_000).sampleRate(48_000).filter("volume=0.5")
 * }</pre>
 */
public final class AudioSettings {
  private final StreamMode mode;
  private final String codec;
  private final String filter;
  private final long bitrate;
  private final int sampleRate;
  private final int channels;
  private final Map<String, String> options;

  private AudioSettings(StreamMode mode, String codec, String filter, long bitrate, int sampleRate,
      int channels, Map<String, String> options) {
    this.mode = mode;
    this.codec = codec;
    this.filter = filter;
    this.bitrate = bitrate;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.options = Collections.unmodifiableMap(options);
  }

  /** Encode with FFmpeg's encoder {@code codec} ({@code aac}, {@code libopus}, {@code libmp3lame}, {@code flac}, ...). */
  public static AudioSettings encode(String codec) {
    Objects.requireNonNull(codec, "codec");
    return new AudioSettings(StreamMode.ENCODE, codec, "", 0, 0, 0, new LinkedHashMap<>());
  }

  /** Copy the packets as they are. */
  public static AudioSettings copy() {
    return new AudioSettings(StreamMode.COPY, "", "", 0, 0, 0, new LinkedHashMap<>());
  }

  /** No audio in the output. */
  public static AudioSettings none() {
    return new AudioSettings(StreamMode.NONE, "", "", 0, 0, 0, new LinkedHashMap<>());
  }

  /** A filter graph in FFmpeg's syntax, one input and one output: {@code "volume=0.5"}. */
  public AudioSettings filter(String graph) {
    requireEncode("a filter");
    return new AudioSettings(mode, codec, Objects.requireNonNull(graph, "graph"), bitrate, sampleRate, channels, new LinkedHashMap<>(options));
  }

  /** Target bit rate in bits per second. */
  public AudioSettings bitrate(long bitsPerSecond) {
    requireEncode("a bit rate");
    if (bitsPerSecond <= 0) throw new IllegalArgumentException("bit rate must be positive: " + bitsPerSecond);
    return new AudioSettings(mode, codec, filter, bitsPerSecond, sampleRate, channels, new LinkedHashMap<>(options));
  }

  /** Output sample rate in Hz; default: the input's, if the encoder takes it, else the encoder's first. */
  public AudioSettings sampleRate(int hertz) {
    requireEncode("a sample rate");
    if (hertz <= 0) throw new IllegalArgumentException("sample rate must be positive: " + hertz);
    return new AudioSettings(mode, codec, filter, bitrate, hertz, channels, new LinkedHashMap<>(options));
  }

  /** Output channel count, in FFmpeg's default layout for that count; default: the input's. */
  public AudioSettings channels(int count) {
    requireEncode("a channel count");
    if (count <= 0) throw new IllegalArgumentException("channel count must be positive: " + count);
    return new AudioSettings(mode, codec, filter, bitrate, sampleRate, count, new LinkedHashMap<>(options));
  }

  /** Any encoder option by FFmpeg's name ({@code "application", "audio"}). */
  public AudioSettings option(String key, String value) {
    requireEncode("an encoder option");
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new AudioSettings(mode, codec, filter, bitrate, sampleRate, channels, copy);
  }

  StreamMode mode() {
    return mode;
  }

  /** The encoder's name; empty unless encoding. */
  public String codec() {
    return codec;
  }

  String filterGraph() {
    return filter;
  }

  long bitrateValue() {
    return bitrate;
  }

  int sampleRateValue() {
    return sampleRate;
  }

  int channelsValue() {
    return channels;
  }

  Map<String, String> options() {
    return options;
  }

  private void requireEncode(String what) {
    if (mode != StreamMode.ENCODE) throw new IllegalStateException(what + " needs an encoder: use AudioSettings.encode(codec)");
  }

  @Override
  public String toString() {
    return switch (mode) {
      case COPY -> "audio copy";
      case NONE -> "no audio";
      case ENCODE -> "audio " + codec + (filter.isEmpty() ? "" : " [" + filter + "]") + (bitrate > 0 ? " " + bitrate + " b/s" : "") + (options.isEmpty() ? "" : " " + options);
    };
  }
}
