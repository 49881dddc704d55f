package dev.barbiton.file.transcode;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transcode does with the input's best video stream: encode it ({@link #encode}), with
 * optional encoder settings and a filter graph; copy its packets unchanged ({@link #copy()}); or
 * leave it out ({@link #none()}). Immutable: each setter returns a new value.
 *
 * <pre>{@code
 * VideoSettings.encode("libvpx-vp9").bitrate(1_000_000).gop(50).filter("scale=1280:-2")
 * }</pre>
 *
 * <p>Settings the encoder does not know fail the transcode before anything is written, with a
 * {@link TranscodeException} at {@link TranscodeException.Stage#CONFIGURE}. The setters other than
 * the factories throw {@link IllegalStateException} on {@code copy()} and {@code none()}.
 */
public final class VideoSettings {
  private final EncoderSettings common;
  private final int gop;
  private final String pixelFormat;

  private VideoSettings(EncoderSettings common, int gop, String pixelFormat) {
    this.common = common;
    this.gop = gop;
    this.pixelFormat = pixelFormat;
  }

  /** Encode with FFmpeg's encoder {@code codec} ({@code libopenh264}, {@code libvpx-vp9}, {@code libaom-av1}, {@code mjpeg}, ...). */
  public static VideoSettings encode(String codec) {
    return new VideoSettings(EncoderSettings.of("video", StreamMode.ENCODE, codec), 0, "");
  }

  /** Copy the packets as they are. */
  public static VideoSettings copy() {
    return new VideoSettings(EncoderSettings.of("video", StreamMode.COPY, ""), 0, "");
  }

  /** No video in the output. */
  public static VideoSettings none() {
    return new VideoSettings(EncoderSettings.of("video", StreamMode.NONE, ""), 0, "");
  }

  /** A filter graph in FFmpeg's syntax, one input and one output: {@code "scale=1280:-2,fps=30"}. */
  public VideoSettings filter(String graph) {
    return new VideoSettings(common.withFilter(graph), gop, pixelFormat);
  }

  /** Target bit rate in bits per second. */
  public VideoSettings bitrate(long bitsPerSecond) {
    return new VideoSettings(common.withBitrate(bitsPerSecond), gop, pixelFormat);
  }

  /** At most this many frames from one keyframe to the next. */
  public VideoSettings gop(int frames) {
    common.requireEncode("a GOP");
    if (frames <= 0) throw new IllegalArgumentException("GOP must be positive: " + frames);
    return new VideoSettings(common, frames, pixelFormat);
  }

  /** The encoder's pixel format by FFmpeg's name ({@code yuv420p}); default: the encoder's first that fits. */
  public VideoSettings pixelFormat(String name) {
    common.requireEncode("a pixel format");
    return new VideoSettings(common, gop, Objects.requireNonNull(name, "name"));
  }

  /** Constant quality ({@code crf}: lower is better; the scale is the encoder's). */
  public VideoSettings quality(int crf) {
    return option("crf", Integer.toString(crf));
  }

  /** The encoder's speed/quality preset ({@code preset}), by the encoder's names. */
  public VideoSettings preset(String preset) {
    return option("preset", preset);
  }

  /** Any encoder option by FFmpeg's name ({@code "cpu-used", "8"}). */
  public VideoSettings option(String key, String value) {
    return new VideoSettings(common.withOption(key, value), gop, pixelFormat);
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

  int gopValue() {
    return gop;
  }

  Optional<String> pixelFormatName() {
    return pixelFormat.isEmpty() ? Optional.empty() : Optional.of(pixelFormat);
  }

  @Override
  public String toString() {
    return common.describe() + (gop > 0 ? " gop " + gop : "") + (pixelFormat.isEmpty() ? "" : " " + pixelFormat);
  }
}
