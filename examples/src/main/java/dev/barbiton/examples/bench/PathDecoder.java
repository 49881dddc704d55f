package dev.barbiton.examples.bench;

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
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The {@code decode} baseline: FFmpeg opening a file by its path ({@code avformat_open_input}
 * with FFmpeg's own file protocol) and decoding the best video and audio streams with the loop
 * {@link dev.barbiton.file.avio.SimpleDecoder} runs (send each packet, receive every frame, drain
 * at the end; packets a decoder calls invalid are skipped), through bytedeco directly.
 */
final class PathDecoder {
  private static final int EAGAIN = avutil.AVERROR_EAGAIN();

  private PathDecoder() {}

  /**
   * Decodes all of {@code file}; returns the number of frames.
   *
   * @throws IOException if FFmpeg cannot open, read or decode it
   */
  static long decode(Path file) throws IOException {
    AVFormatContext format = avformat_alloc_context();
    if (format == null || format.isNull()) throw new IOException("cannot allocate a format context");
    int ret = avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null);
    if (ret < 0) throw new IOException("avformat_open_input " + file + ": " + ret); // FFmpeg freed format
    AVCodecContext video = null;
    AVCodecContext audio = null;
    AVPacket packet = null;
    AVFrame frame = null;
    try {
      check(avformat_find_stream_info(format, (PointerPointer<?>) null), "avformat_find_stream_info");
      int videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      int audioIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
      if (videoIndex >= 0) video = openCodec(format, videoIndex);
      if (audioIndex >= 0) audio = openCodec(format, audioIndex);
      packet = av_packet_alloc();
      frame = av_frame_alloc();
      long frames = 0;
      while ((ret = av_read_frame(format, packet)) >= 0) {
        try {
          int index = packet.stream_index();
          AVCodecContext codec = index == videoIndex ? video : index == audioIndex ? audio : null;
          if (codec == null) continue;
          int sent = avcodec_send_packet(codec, packet);
          if (sent < 0 && sent != AVERROR_INVALIDDATA) check(sent, "avcodec_send_packet");
          frames += receiveAll(codec, frame);
        } finally {
          av_packet_unref(packet);
        }
      }
      if (ret != AVERROR_EOF) check(ret, "av_read_frame");
      for (AVCodecContext codec : new AVCodecContext[] {video, audio}) {
        if (codec == null) continue;
        check(avcodec_send_packet(codec, (AVPacket) null), "avcodec_send_packet (drain)");
        frames += receiveAll(codec, frame);
      }
      return frames;
    } finally {
      if (frame != null) av_frame_free(frame);
      if (packet != null) av_packet_free(packet);
      if (video != null) avcodec_free_context(video);
      if (audio != null) avcodec_free_context(audio);
      avformat_close_input(format);
    }
  }

  private static long receiveAll(AVCodecContext codec, AVFrame frame) throws IOException {
    long frames = 0;
    int ret;
    while ((ret = avcodec_receive_frame(codec, frame)) >= 0) {
      frames++;
      av_frame_unref(frame);
    }
    if (ret != EAGAIN && ret != AVERROR_EOF) check(ret, "avcodec_receive_frame");
    return frames;
  }

  /** A decoder context opened for stream {@code index} of {@code format}; the caller frees it. */
  static AVCodecContext openCodec(AVFormatContext format, int index) throws IOException {
    var stream = format.streams(index);
    AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
    if (codec == null || codec.isNull()) throw new IOException("no decoder for stream " + index);
    AVCodecContext context = avcodec_alloc_context3(codec);
    if (context == null || context.isNull()) throw new IOException("cannot allocate a codec context");
    int ret = avcodec_parameters_to_context(context, stream.codecpar());
    if (ret >= 0) {
      context.pkt_timebase(stream.time_base());
      ret = avcodec_open2(context, codec, (AVDictionary) null);
    }
    if (ret < 0) {
      avcodec_free_context(context);
      check(ret, "avcodec_open2 (stream " + index + ")");
    }
    return context;
  }

  private static void check(int ret, String call) throws IOException {
    if (ret < 0) throw new IOException(call + " failed: FFmpeg error " + ret);
  }
}
