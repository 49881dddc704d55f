package dev.barbiton.examples.bench;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Decodes one stream of a {@link Playback}, frame by frame: the best video stream, or the best
 * audio stream when there is no video (MP3). Both sides of {@code ttff} and {@code seek} run this
 * same loop, so what differs between them is only how the bytes arrive and are demuxed. Packets of
 * other streams are read and dropped; packets the decoder calls invalid are skipped.
 *
 * <p>One thread uses it; close it before its playback's demuxer is gone.
 */
final class FrameDecoder implements AutoCloseable {
  private static final int EAGAIN = avutil.AVERROR_EAGAIN();

  private final int streamIndex;
  private final boolean video;
  private AVCodecContext codec;
  private AVPacket packet;
  private AVFrame frame;
  private boolean draining;

  private FrameDecoder(int streamIndex, boolean video, AVCodecContext codec) {
    this.streamIndex = streamIndex;
    this.video = video;
    this.codec = codec;
    this.packet = av_packet_alloc();
    this.frame = av_frame_alloc();
  }

  /**
   * Opens a decoder for the best video stream of {@code format}, else its best audio stream.
   *
   * @throws IOException if there is neither, or no decoder opens
   */
  static FrameDecoder open(AVFormatContext format) throws IOException {
    int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    boolean video = index >= 0;
    if (!video) index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
    if (index < 0) throw new IOException("no video or audio stream: " + index);
    FrameDecoder decoder = new FrameDecoder(index, video, PathDecoder.openCodec(format, index));
    if (decoder.packet == null || decoder.frame == null) {
      decoder.close();
      throw new IOException("cannot allocate a packet and a frame");
    }
    return decoder;
  }

  /** True if it decodes video, false for audio. */
  boolean video() {
    return video;
  }

  /**
   * Reads packets from {@code playback} until the stream's next decoded frame; false if the input
   * ends (and the decoder is drained) first.
   *
   * @throws IOException if reading or decoding fails
   */
  boolean nextFrame(Playback playback) throws IOException {
    while (true) {
      int ret = avcodec_receive_frame(codec, frame);
      if (ret >= 0) {
        av_frame_unref(frame);
        return true;
      }
      if (ret == AVERROR_EOF) return false;
      if (ret != EAGAIN) throw new IOException("avcodec_receive_frame failed: FFmpeg error " + ret);
      if (!playback.readPacket(packet)) {
        if (draining) return false;
        draining = true;
        avcodec_send_packet(codec, (AVPacket) null); // drain what it holds
        continue;
      }
      try {
        if (packet.stream_index() != streamIndex) continue;
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && sent != AVERROR_INVALIDDATA) {
          throw new IOException("avcodec_send_packet failed: FFmpeg error " + sent);
        }
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  /** Forgets what the decoder holds, after a seek. */
  void flush() {
    avcodec_flush_buffers(codec);
    draining = false;
  }

  @Override
  public void close() {
    if (frame != null) av_frame_free(frame);
    if (packet != null) av_packet_free(packet);
    if (codec != null) avcodec_free_context(codec);
    frame = null;
    packet = null;
    codec = null;
  }
}
