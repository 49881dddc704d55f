package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_describe;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;

import java.util.Locale;
import java.util.StringJoiner;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;

/** The text of the filter graphs a transcode builds. */
final class GraphText {
  private GraphText() {}

  /** {@code parts} joined by commas, empty ones left out. */
  static String chain(String... parts) {
    StringJoiner joined = new StringJoiner(",");
    for (String part : parts) if (part != null && !part.trim().isEmpty()) joined.add(part.trim());
    return joined.toString();
  }

  /** {@code trim}/{@code atrim} to [start, end) seconds and timestamps moved back by start; "" for no range. */
  static String trim(boolean video, double startSeconds, double endSeconds, boolean ranged) {
    if (!ranged) return "";
    String prefix = video ? "" : "a";
    String end = Double.isInfinite(endSeconds) ? "" : String.format(Locale.ROOT, ":end=%.6f", endSeconds);
    return String.format(Locale.ROOT, "%strim=start=%.6f%s,%ssetpts=PTS-%.6f/TB", prefix, startSeconds, end, prefix, startSeconds);
  }

  /** FFmpeg's name of {@code layout}, or of the default layout of its channel count if its order is unspecified. */
  static String layoutName(AVChannelLayout layout) {
    if (layout.order() == AV_CHANNEL_ORDER_UNSPEC) return defaultLayout(layout.nb_channels());
    return describe(layout);
  }

  /** FFmpeg's name of its default layout for {@code channels} ({@code mono}, {@code stereo}, {@code 5.1}). */
  static String defaultLayout(int channels) {
    AVChannelLayout layout = new AVChannelLayout();
    try {
      av_channel_layout_default(layout, channels);
      return describe(layout);
    } finally {
      av_channel_layout_uninit(layout);
      layout.close();
    }
  }

  private static String describe(AVChannelLayout layout) {
    byte[] text = new byte[64];
    int n = av_channel_layout_describe(layout, text, text.length);
    int length = 0;
    while (length < text.length && text[length] != 0) length++;
    return n < 0 ? layout.nb_channels() + "c" : new String(text, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
