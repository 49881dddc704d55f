package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_ch_layout;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_color_range;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_colorspace;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_format;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame_rate;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_h;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_sample_rate;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_w;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_set_frame_size;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_OPTION_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_inv_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.AvioMuxer;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One output stream that is encoded: its filter chain, its encoder, its stream in the muxer.
 * Frames go in through {@link #push} (decoded input) or come from the chain's own source filter
 * ({@link #pullOne}); packets go out to the muxer.
 */
final class EncodeChain extends OutputChain {
  private static final int EAGAIN = avutil.AVERROR_EAGAIN();

  private final FilterChain filters;
  private final AVCodecContext encoder;
  private final AVStream stream;
  private final String codecName;
  private final AVFrame frame = av_frame_alloc();
  private final Encoder worker;
  private final AVRational sinkTimeBase;
  private boolean filtersDone;

  private EncodeChain(boolean video, FilterChain filters, AVCodecContext encoder, AVStream stream, String codecName) {
    super(video, stream);
    this.filters = filters;
    this.encoder = encoder;
    this.stream = stream;
    this.codecName = codecName;
    this.worker = new Encoder(encoder, codecName, video);
    worker.start();
    this.sinkTimeBase = filters.sinkTimeBase();
  }

  /**
   * Configures {@code filters} (already parsed, ending in the encoder's format), opens the encoder
   * on what the sink delivers, and adds the stream to {@code muxer}. Owns {@code filters} from the
   * call on, also when it fails.
   */
  static EncodeChain open(boolean video, FilterChain filters, EncoderSupport support, long bitrate, int gop,
      Map<String, String> options, AvioMuxer muxer) throws TranscodeException {
    AVCodecContext encoder = null;
    AVDictionary dictionary = new AVDictionary(null);
    try {
      encoder = avcodec_alloc_context3(support.codec);
      if (encoder == null || encoder.isNull()) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, AVERROR_ENOMEM(), "encoder context");
      AVRational sinkTb = av_buffersink_get_time_base(filters.sink);
      if (video) {
        encoder.width(av_buffersink_get_w(filters.sink));
        encoder.height(av_buffersink_get_h(filters.sink));
        encoder.pix_fmt(av_buffersink_get_format(filters.sink));
        encoder.color_range(av_buffersink_get_color_range(filters.sink));
        encoder.colorspace(av_buffersink_get_colorspace(filters.sink));
        AVRational sar = av_buffersink_get_sample_aspect_ratio(filters.sink);
        if (sar.num() > 0) encoder.sample_aspect_ratio(sar);
        AVRational rate = av_buffersink_get_frame_rate(filters.sink);
        if (rate.num() <= 0 || rate.den() <= 0) rate = av_d2q(25, 1000); // unknown: a common rate
        encoder.framerate(rate);
        encoder.time_base(av_inv_q(rate));
        if (gop > 0) encoder.gop_size(gop);
      } else {
        encoder.sample_fmt(av_buffersink_get_format(filters.sink));
        int rate = av_buffersink_get_sample_rate(filters.sink);
        encoder.sample_rate(rate);
        av_buffersink_get_ch_layout(filters.sink, encoder.ch_layout());
        encoder.time_base(new AVRational().num(1).den(rate));
      }
      if (bitrate > 0) encoder.bit_rate(bitrate);
      if (muxer.wantsGlobalHeader()) encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
      // FFmpeg's command line encodes with threads=auto; so do we, unless told otherwise.
      av_dict_set(dictionary, "threads", "auto", 0);
      for (Map.Entry<String, String> option : options.entrySet()) av_dict_set(dictionary, option.getKey(), option.getValue(), 0);
      int ret = avcodec_open2(encoder, support.codec, dictionary);
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "opening encoder " + support.name);
      if (av_dict_count(dictionary) > 0) {
        throw new TranscodeException(TranscodeException.Stage.CONFIGURE, AVERROR_OPTION_NOT_FOUND,
            "encoder " + support.name + " has no option " + Dictionaries.keys(dictionary), null);
      }
      if (!video && encoder.frame_size() > 0 && (support.codec.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) == 0) {
        av_buffersink_set_frame_size(filters.sink, encoder.frame_size());
      }
      AVStream stream = muxer.newStream();
      ret = avcodec_parameters_from_context(stream.codecpar(), encoder);
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "stream parameters");
      // Asked for a global header yet none after opening: it comes with the first packet (libaom).
      if (muxer.wantsGlobalHeader() && stream.codecpar().extradata_size() == 0) muxer.awaitExtradata(stream);
      stream.time_base(encoder.time_base());
      if (video) stream.avg_frame_rate(encoder.framerate());
      if (sinkTb.num() <= 0) throw Failures.configure("filter graph has no time base");
      return new EncodeChain(video, filters, encoder, stream, support.name);
    } catch (AvioException e) {
      avcodec_free_context(encoder);
      filters.close();
      throw Failures.of(e);
    } catch (Throwable t) {
      if (encoder != null) avcodec_free_context(encoder);
      filters.close();
      throw t;
    } finally {
      av_dict_free(dictionary);
    }
  }

  /** Feeds a decoded frame (not consumed) and encodes what comes out; null ends the input. */
  void push(AVFrame decoded, AvioMuxer muxer) throws TranscodeException {
    if (filtersDone) return;
    filters.push(decoded);
    drain(muxer);
  }

  /** Encodes every frame the filters have ready. */
  void drain(AvioMuxer muxer) throws TranscodeException {
    while (!filtersDone && pullOne(muxer)) {
      // keep pulling
    }
  }

  /**
   * Pulls one frame from the filters and encodes it; false when none is ready ({@code EAGAIN}) or
   * the filters ended (then the encoder is flushed and the chain is done).
   */
  boolean pullOne(AvioMuxer muxer) throws TranscodeException {
    if (filtersDone) return false;
    int ret = filters.pull(frame);
    if (ret == EAGAIN) return false;
    if (ret == AVERROR_EOF) {
      filtersDone = true;
      encode(null, muxer);
      done = true;
      return false;
    }
    if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.FILTER, ret, "filter graph of " + codecName);
    try {
      if (frame.pts() != AV_NOPTS_VALUE) frame.pts(av_rescale_q(frame.pts(), sinkTimeBase, encoder.time_base()));
      if (video()) frame.pict_type(avutil.AV_PICTURE_TYPE_NONE);
      encode(frame, muxer);
      frames++;
    } finally {
      av_frame_unref(frame);
    }
    return true;
  }

  /** Hands {@code input} to the encoder thread (null: flush and wait), then writes what it encoded. */
  private void encode(AVFrame input, AvioMuxer muxer) throws TranscodeException {
    if (input != null) worker.submit(input);
    else worker.finish();
    for (AVPacket packet; (packet = worker.poll()) != null; ) {
      try {
        write(packet, muxer);
      } finally {
        av_packet_free(packet);
      }
    }
  }

  private void write(AVPacket packet, AvioMuxer muxer) throws TranscodeException {
    av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
    writeToMuxer(packet, muxer);
  }

  @Override
  public void close() {
    worker.close(); // first: the worker uses the encoder until it stops
    filters.close();
    avcodec_free_context(encoder);
    av_frame_free(frame);
  }
}
