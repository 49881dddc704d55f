package dev.barbiton.file.transcode;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 * {@link TranscodeException} at {@link TranscodeException.Stage#CONFIGURE}.
 */
public final class VideoSettings {
  private final StreamMode mode;
  private final String codec;
  private final String filter;
  private final long bitrate;
  private final int gop;
  private final String pixelFormat;
  private final Map<String, String> options;

  private VideoSettings(StreamMode mode, String codec, String filter, long bitrate, int gop,
      String pixelFormat, Map<String, String> options) {
    this.mode = mode;
    this.codec = codec;
    this.filter = filter;
    this.bitrate = bitrate;
    this.gop = gop;
    this.pixelFormat = pixelFormat;
    this.options = Collections.unmodifiableMap(options);
  }

  /** Encode with FFmpeg's encoder {@code codec} ({@code libopenh264}, {@code libvpx-vp9}, {@code libaom-av1}, {@code mjpeg}, ...). */
  public static VideoSettings encode(String codec) {
    Objects.requireNonNull(codec, "codec");
    return new VideoSettings(StreamMode.ENCODE, codec, "", 0, 0, "", new LinkedHashMap<>());
  }

  /** Copy the packets as they are. */
  public static VideoSettings copy() {
    return new VideoSettings(StreamMode.COPY, "", "", 0, 0, "", new LinkedHashMap<>());
  }

  /** No video in the output. */
  public static VideoSettings none() {
    return new VideoSettings(StreamMode.NONE, "", "", 0, 0, "", new LinkedHashMap<>());
  }

  /** A filter graph in FFmpeg's syntax, one input and one output: {@code "scale=1280:-2,fps=30"}. */
  public VideoSettings filter(String graph) {
    requireEncode("a filter");
    return new VideoSettings(mode, codec, Objects.requireNonNull(graph, "graph"), bitrate, gop, pixelFormat, new LinkedHashMap<>(options));
  }

  /** Target bit rate in bits per second. */
  public VideoSettings bitrate(long bitsPerSecond) {
    requireEncode("a bit rate");
    if (bitsPerSecond <= 0) throw new IllegalArgumentException("bit rate must be positive: " + bitsPerSecond);
    return new VideoSettings(mode, codec, filter, bitsPerSecond, gop, pixelFormat, new LinkedHashMap<>(options));
  }

  /** At most this many frames from one keyframe to the next. */
  public VideoSettings gop(int frames) {
    requireEncode("a GOP");
    if (frames <= 0) throw new IllegalArgumentException("GOP must be positive: " + frames);
    return new VideoSettings(mode, codec, filter, bitrate, frames, pixelFormat, new LinkedHashMap<>(options));
  }

  /** The encoder's pixel format by FFmpeg's name ({@code yuv420p}); default: the encoder's first that fits. */
  public VideoSettings pixelFormat(String name) {
    requireEncode("a pixel format");
    return new VideoSettings(mode, codec, filter, bitrate, gop, Objects.requireNonNull(name, "name"), new LinkedHashMap<>(options));
  }

  /** Constant quality ({@code crf}: lower is better; the scale is the encoder's). */
  public VideoSettings quality(int crf) {
    return option("crf", Integer.toString(crf));
  }

  /** The encoder's speed/quality preset ({@code preset}, or libvpx's {@code deadline}), by the encoder's names. */
  public VideoSettings preset(String preset) {
    return option("preset", preset);
  }

  /** Any encoder option by FFmpeg's name ({@code "cpu-used", "8"}). */
  public VideoSettings option(String key, String value) {
    requireEncode("an encoder option");
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new VideoSettings(mode, codec, filter, bitrate, gop, pixelFormat, copy);
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

  int gopValue() {
    return gop;
  }

  Optional<String> pixelFormatName() {
    return pixelFormat.isEmpty() ? Optional.empty() : Optional.of(pixelFormat);
  }

  Map<String, String> options() {
    return options;
  }

  private void requireEncode(String what) {
    if (mode != StreamMode.ENCODE) throw new IllegalStateException(what + " needs an encoder: use VideoSettings.encode(codec)");
  }

  @Override
  public String toString() {
    return switch (mode) {
      case COPY -> "video copy";
      case NONE -> "no video";
      case ENCODE -> "video " + codec + (filter.isEmpty() ? "" : " [" + filter + "]") + (bitrate > 0 ? " " + bitrate + " b/s" : "") + (options.isEmpty() ? "" : " " + options);
    };
  }
}
