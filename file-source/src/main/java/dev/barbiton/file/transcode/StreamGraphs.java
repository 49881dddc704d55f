package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;

import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** The {@code buffer}/{@code abuffer} source that feeds a decoder's frames into a filter graph. */
final class StreamGraphs {
  private StreamGraphs() {}

  /**
   * A {@code buffer} declaring the decoder's pictures as they will come (size, format, colour,
   * time base, rate), so the graph is not reconfigured at the first frame.
   */
  static String videoSource(Decoder decoder) {
    AVCodecContext d = decoder.context;
    AVStream stream = decoder.stream;
    AVRational tb = stream.time_base();
    AVRational sar = d.sample_aspect_ratio();
    String source = String.format(Locale.ROOT, "buffer=video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d",
        d.width(), d.height(), d.pix_fmt(), tb.num(), tb.den(), Math.max(0, sar.num()), Math.max(1, sar.den()));
    AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
    if (rate.num() > 0 && rate.den() > 0) source += ":frame_rate=" + rate.num() + "/" + rate.den();
    if (d.colorspace() != AVCOL_SPC_UNSPECIFIED) source += ":colorspace=" + d.colorspace();
    if (d.color_range() != AVCOL_RANGE_UNSPECIFIED) source += ":range=" + d.color_range();
    return source;
  }

  /** An {@code abuffer} declaring the decoder's samples; timestamps in the stream's time base. */
  static String audioSource(Decoder decoder) {
    AVCodecContext d = decoder.context;
    AVRational tb = decoder.stream.time_base();
    return String.format(Locale.ROOT, "abuffer=time_base=%d/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s",
        tb.num(), tb.den(), d.sample_rate(), av_get_sample_fmt_name(d.sample_fmt()).getString(), GraphText.layoutName(d.ch_layout()));
  }
}
