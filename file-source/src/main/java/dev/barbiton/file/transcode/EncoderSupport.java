package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_COLOR_RANGE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_PIX_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_RATE;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_supported_config;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An encoder and the frame formats it takes, which decide the {@code format}/{@code aformat}
 * filter at the end of its graph: a frame reaches the encoder in a format it accepts, whatever the
 * source or the user's filters made.
 */
final class EncoderSupport {
  final AVCodec codec;
  final String name;

  private EncoderSupport(AVCodec codec, String name) {
    this.codec = codec;
    this.name = name;
  }

  static EncoderSupport find(String name, int mediaType) throws TranscodeException {
    AVCodec codec = avcodec_find_encoder_by_name(name);
    if (codec == null || codec.isNull()) {
      throw Failures.configure("FFmpeg has no encoder named '" + name + "' (this LGPL build has, among others:"
          + " libopenh264, libvpx, libvpx-vp9, libaom-av1, libsvtav1, mjpeg, png, libwebp, gif, aac, libopus,"
          + " libmp3lame, flac)");
    }
    if (codec.type() != mediaType) {
      throw Failures.configure("'" + name + "' is not a " + (mediaType == avutil.AVMEDIA_TYPE_VIDEO ? "video" : "audio") + " encoder");
    }
    return new EncoderSupport(codec, name);
  }

  /** The pixel format to encode in: {@code wanted} if given, else the source's if taken, else the encoder's first. */
  String pixelFormat(String wanted, int sourceFormat) throws TranscodeException {
    int[] supported = supported(AV_CODEC_CONFIG_PIX_FORMAT);
    if (wanted != null) {
      int format = av_get_pix_fmt(wanted);
      if (format < 0) throw Failures.configure("FFmpeg has no pixel format named '" + wanted + "'");
      if (supported != null && !contains(supported, format)) {
        throw Failures.configure("encoder " + name + " does not take pixel format " + wanted + "; it takes " + pixelNames(supported));
      }
      return wanted;
    }
    if (supported == null || supported.length == 0) return sourceFormat >= 0 ? av_get_pix_fmt_name(sourceFormat).getString() : "yuv420p";
    int chosen = sourceFormat >= 0 && contains(supported, sourceFormat) ? sourceFormat : supported[0];
    return av_get_pix_fmt_name(chosen).getString();
  }

  /**
   * What the {@code format} filter should add for the encoder's colour range: {@code
   * ":color_ranges=pc"} for an encoder that takes full range only (mjpeg), else nothing.
   */
  String colorRangeConstraint() {
    int[] ranges = supported(AV_CODEC_CONFIG_COLOR_RANGE);
    if (ranges == null || ranges.length == 0) return "";
    return contains(ranges, AVCOL_RANGE_MPEG) ? "" : ":color_ranges=pc";
  }

  /** The sample format to encode in: the source's if taken, else the encoder's first. */
  String sampleFormat(int sourceFormat) {
    int[] supported = supported(AV_CODEC_CONFIG_SAMPLE_FORMAT);
    int chosen = supported == null || supported.length == 0 || contains(supported, sourceFormat) ? sourceFormat : supported[0];
    return av_get_sample_fmt_name(chosen).getString();
  }

  /** The sample rate to encode at: {@code wanted} (0: the source's) if taken, else the encoder's first. */
  int sampleRate(int wanted, int sourceRate) throws TranscodeException {
    int[] supported = supported(AV_CODEC_CONFIG_SAMPLE_RATE);
    if (wanted > 0) {
      if (supported != null && supported.length > 0 && !contains(supported, wanted)) {
        throw Failures.configure("encoder " + name + " does not take " + wanted + " Hz; it takes " + java.util.Arrays.toString(supported));
      }
      return wanted;
    }
    if (supported == null || supported.length == 0 || contains(supported, sourceRate)) return sourceRate;
    return supported[0];
  }

  /** The encoder's list for {@code config}, or null if it takes anything. */
  private int[] supported(int config) {
    PointerPointer<Pointer> out = new PointerPointer<>(1);
    IntPointer count = new IntPointer(1);
    try {
      int ret = avcodec_get_supported_config((AVCodecContext) null, codec, config, 0, out, count);
      Pointer list = out.get(0);
      if (ret < 0 || list == null || list.isNull()) return null;
      IntPointer values = new IntPointer(list);
      int[] result = new int[count.get()];
      for (int i = 0; i < result.length; i++) result[i] = values.get(i);
      return result;
    } finally {
      out.close();
      count.close();
    }
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) if (v == value) return true;
    return false;
  }

  private static String pixelNames(int[] formats) {
    StringBuilder names = new StringBuilder();
    for (int f : formats) names.append(names.length() == 0 ? "" : ", ").append(av_get_pix_fmt_name(f).getString());
    return names.toString();
  }
}
