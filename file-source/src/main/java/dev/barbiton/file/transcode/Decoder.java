package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.barbiton.file.avio.AvioMuxer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/** The decoder of one input stream, feeding an {@link EncodeChain}; applies the corrupt-packet policy. */
final class Decoder implements AutoCloseable {
  private static final int EAGAIN = avutil.AVERROR_EAGAIN();

  final AVCodecContext context;
  final AVStream stream;
  private final AVFrame frame = av_frame_alloc();
  private final CorruptPacketPolicy policy;
  private long corrupt;

  private Decoder(AVCodecContext context, AVStream stream, CorruptPacketPolicy policy) {
    this.context = context;
    this.stream = stream;
    this.policy = policy;
  }

  static Decoder open(AVStream stream, CorruptPacketPolicy policy) throws TranscodeException {
    int codecId = stream.codecpar().codec_id();
    AVCodec codec = avcodec_find_decoder(codecId);
    String name = org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(codecId).getString();
    if (codec == null || codec.isNull()) {
      throw new TranscodeException(TranscodeException.Stage.CONFIGURE, avutil.AVERROR_DECODER_NOT_FOUND,
          "FFmpeg has no decoder for " + name + " (input stream " + stream.index() + ")", null);
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    AVDictionary options = new AVDictionary(null);
    try {
      int ret = avcodec_parameters_to_context(context, stream.codecpar());
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "decoder parameters of " + name);
      context.pkt_timebase(stream.time_base());
      av_dict_set(options, "threads", "auto", 0);
      ret = avcodec_open2(context, codec, options);
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "opening the " + name + " decoder");
      return new Decoder(context, stream, policy);
    } catch (Throwable t) {
      avcodec_free_context(context);
      throw t;
    } finally {
      av_dict_free(options);
    }
  }

  /** What takes the decoded frames: a filter chain's source. */
  @FunctionalInterface
  interface FrameConsumer {
    /** Takes {@code frame} (not consumed: the decoder unrefs it after), or null at the end. */
    void accept(AVFrame frame) throws TranscodeException;
  }

  /** Decodes {@code packet} (null: drain) into {@code chain}. */
  void decode(AVPacket packet, EncodeChain chain, AvioMuxer muxer) throws TranscodeException {
    decode(packet, frame -> chain.push(frame, muxer));
  }

  /** Decodes {@code packet} (null: drain, then {@code consumer} gets null) into {@code consumer}. */
  void decode(AVPacket packet, FrameConsumer consumer) throws TranscodeException {
    int ret = avcodec_send_packet(context, packet);
    if (ret < 0 && ret != AVERROR_EOF && ret != EAGAIN) {
      if (!corrupt(ret, packet)) throw Failures.ffmpeg(TranscodeException.Stage.DECODE, ret, "decoding input stream " + stream.index());
      return;
    }
    while (true) {
      ret = avcodec_receive_frame(context, frame);
      if (ret == EAGAIN || ret == AVERROR_EOF) break;
      if (ret < 0) {
        if (corrupt(ret, packet)) continue;
        throw Failures.ffmpeg(TranscodeException.Stage.DECODE, ret, "decoding input stream " + stream.index());
      }
      try {
        long ts = frame.best_effort_timestamp();
        frame.pts(ts != AV_NOPTS_VALUE ? ts : frame.pts());
        consumer.accept(frame);
      } finally {
        av_frame_unref(frame);
      }
    }
    if (packet == null) consumer.accept(null);
  }

  /** True if the failure {@code code} is invalid data and the policy skips it. */
  private boolean corrupt(int code, AVPacket packet) throws CorruptInputException {
    if (code != AVERROR_INVALIDDATA) return false;
    long position = packet == null ? -1 : packet.pos();
    if (policy == CorruptPacketPolicy.ABORT) {
      throw new CorruptInputException(code, position, "input stream " + stream.index() + " has a packet its decoder rejects"
          + (position >= 0 ? " at byte " + position : "") + ": " + dev.barbiton.file.avio.Ffmpeg.describeError(code));
    }
    corrupt++;
    return true;
  }

  long corruptPackets() {
    return corrupt;
  }

  @Override
  public void close() {
    avcodec_free_context(context);
    av_frame_free(frame);
  }
}
