package dev.barbiton.examples.bench;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/**
 * One side of the {@code ttff} and {@code seek} benchmarks: an opened FFmpeg demuxer whose
 * packets {@link FrameDecoder} decodes, the same loop on both sides. {@link BarbitonPlayback}
 * reads through Barbiton ({@code FileSource} + {@code AvioDemuxer}), {@link FfmpegHttpPlayback}
 * through FFmpeg's own http protocol.
 *
 * <p>One thread uses it; a side's deadline may end a call blocked on the network from another
 * thread, which then throws.
 */
interface Playback extends AutoCloseable {
  /** The demuxer's context, for finding the stream and its codec parameters. */
  AVFormatContext format();

  /**
   * Reads the next packet into {@code packet} (the caller unrefs it); false at the end.
   *
   * @throws IOException if it cannot, the deadline's end included
   */
  boolean readPacket(AVPacket packet) throws IOException;

  /**
   * {@code avformat_seek_file(format, -1, MIN, micros, micros, 0)}: the next packets start at the
   * keyframe at or before {@code micros} (AV_TIME_BASE units).
   */
  void seek(long micros) throws IOException;

  /** Frees everything; idempotent. */
  @Override
  void close();
}
