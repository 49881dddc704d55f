package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/** FFmpeg's own http protocol, the baseline: open a URL in FFmpeg and decode its first video frame. */
final class FfmpegHttp {
  static {
    avformat_network_init();
  }

  private FfmpegHttp() {}

  /** Nanoseconds from {@code avformat_open_input(url)} to the first decoded video frame. */
  static long firstVideoFrameNanos(String url) {
    long start = System.nanoTime();
    AVFormatContext format = new AVFormatContext(null);
    check(avformat_open_input(format, url, (AVInputFormat) null, (AVDictionary) null), "open " + url);
    AVCodecContext codec = null;
    AVPacket packet = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    try {
      check(avformat_find_stream_info(format, (PointerPointer<?>) null), "find_stream_info");
      int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      check(stream, "no video stream");
      AVCodec decoder = avcodec_find_decoder(format.streams(stream).codecpar().codec_id());
      codec = avcodec_alloc_context3(decoder);
      avcodec_parameters_to_context(codec, format.streams(stream).codecpar());
      check(avcodec_open2(codec, decoder, (AVDictionary) null), "avcodec_open2");
      while (true) {
        check(av_read_frame(format, packet), "read_frame");
        boolean mine = packet.stream_index() == stream;
        if (mine) avcodec_send_packet(codec, packet);
        av_packet_unref(packet);
        if (mine && avcodec_receive_frame(codec, frame) >= 0) return System.nanoTime() - start;
      }
    } finally {
      av_frame_free(frame);
      av_packet_free(packet);
      if (codec != null) avcodec_free_context(codec);
      avformat_close_input(format);
    }
  }

  private static void check(int ret, String what) {
    if (ret < 0) throw new AssertionError(what + ": " + FfmpegErrors.describe(ret));
  }
}
