package dev.barbiton.file.transcode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link VideoSettings} and {@link AudioSettings} have in common: the mode, and for encoding
 * the encoder's name, the filter graph, the bit rate and the encoder's options. Immutable.
 */
record EncoderSettings(String kind, StreamMode mode, String codec, String filter, long bitrate, Map<String, String> options) {
  EncoderSettings {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  static EncoderSettings of(String kind, StreamMode mode, String codec) {
    return new EncoderSettings(kind, mode, Objects.requireNonNull(codec, "codec"), "", 0, Map.of());
  }

  EncoderSettings withFilter(String graph) {
    requireEncode("a filter");
    return new EncoderSettings(kind, mode, codec, Objects.requireNonNull(graph, "graph"), bitrate, options);
  }

  EncoderSettings withBitrate(long bitsPerSecond) {
    requireEncode("a bit rate");
    if (bitsPerSecond <= 0) throw new IllegalArgumentException("bit rate must be positive: " + bitsPerSecond);
    return new EncoderSettings(kind, mode, codec, filter, bitsPerSecond, options);
  }

  EncoderSettings withOption(String key, String value) {
    requireEncode("an encoder option");
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new EncoderSettings(kind, mode, codec, filter, bitrate, copy);
  }

  /** Throws unless encoding: copying and leaving out take no encoder settings. */
  void requireEncode(String what) {
    if (mode != StreamMode.ENCODE) {
      throw new IllegalStateException(what + " needs an encoder: use " + (kind.equals("video") ? "Video" : "Audio") + "Settings.encode(codec)");
    }
  }

  /** {@code "video libvpx-vp9 [scale=1280:-2] 1000000 b/s {deadline=realtime}"}, {@code "audio copy"}, {@code "no audio"}. */
  String describe() {
    return switch (mode) {
      case COPY -> kind + " copy";
      case NONE -> "no " + kind;
      case ENCODE -> kind + " " + codec + (filter.isEmpty() ? "" : " [" + filter + "]") + (bitrate > 0 ? " " + bitrate + " b/s" : "")
          + (options.isEmpty() ? "" : " " + options);
    };
  }
}
