package dev.barbiton.file.transcode;

import java.util.Map;

/**
 * What a transcode does with the input's best audio stream: encode it ({@link #encode}), with
 * optional encoder settings and a filter graph; copy its packets unchanged ({@link #copy()}); or
 * leave it out ({@link #none()}). Immutable: each setter returns a new value.
 *
 * <pre>{@code
 * AudioSettings.encode("libopus").bitrate(96_000).sampleRate(48_000).filter("volume=0.5")
 * }</pre>
 *
 * <p>The setters other than the factories throw {@link IllegalStateException} on {@code copy()}
 * and {@code none()}.
 */
public final class AudioSettings {
  private final EncoderSettings common;
  private final int sampleRate;
  private final int channels;

  private AudioSettings(EncoderSettings common, int sampleRate, int channels) {
    this.common = common;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  /** Encode with FFmpeg's encoder {@code codec} ({@code aac}, {@code libopus}, {@code libmp3lame}, {@code flac}, ...). */
  public static AudioSettings encode(String codec) {
    return new AudioSettings(EncoderSettings.of("audio", StreamMode.ENCODE, codec), 0, 0);
  }

  /** Copy the packets as they are. */
  public static AudioSettings copy() {
    return new AudioSettings(EncoderSettings.of("audio", StreamMode.COPY, ""), 0, 0);
  }

  /** No audio in the output. */
  public static AudioSettings none() {
    return new AudioSettings(EncoderSettings.of("audio", StreamMode.NONE, ""), 0, 0);
  }

  /** A filter graph in FFmpeg's syntax, one input and one output: {@code "volume=0.5"}. */
  public AudioSettings filter(String graph) {
    return new AudioSettings(common.withFilter(graph), sampleRate, channels);
  }

  /** Target bit rate in bits per second. */
  public AudioSettings bitrate(long bitsPerSecond) {
    return new AudioSettings(common.withBitrate(bitsPerSecond), sampleRate, channels);
  }

  /** Output sample rate in Hz; default: the input's, if the encoder takes it, else the encoder's first. */
  public AudioSettings sampleRate(int hertz) {
    common.requireEncode("a sample rate");
    if (hertz <= 0) throw new IllegalArgumentException("sample rate must be positive: " + hertz);
    return new AudioSettings(common, hertz, channels);
  }

  /** Output channel count, in FFmpeg's default layout for that count; default: the input's. */
  public AudioSettings channels(int count) {
    common.requireEncode("a channel count");
    if (count <= 0) throw new IllegalArgumentException("channel count must be positive: " + count);
    return new AudioSettings(common, sampleRate, count);
  }

  /** Any encoder option by FFmpeg's name ({@code "application", "audio"}). */
  public AudioSettings option(String key, String value) {
    return new AudioSettings(common.withOption(key, value), sampleRate, channels);
  }

  /** The encoder's name; empty unless encoding. */
  public String codec() {
    return common.codec();
  }

  StreamMode mode() {
    return common.mode();
  }

  String filterGraph() {
    return common.filter();
  }

  long bitrateValue() {
    return common.bitrate();
  }

  Map<String, String> options() {
    return common.options();
  }

  int sampleRateValue() {
    return sampleRate;
  }

  int channelsValue() {
    return channels;
  }

  @Override
  public String toString() {
    return common.describe() + (sampleRate > 0 ? " " + sampleRate + " Hz" : "") + (channels > 0 ? " " + channels + " ch" : "");
  }
}
