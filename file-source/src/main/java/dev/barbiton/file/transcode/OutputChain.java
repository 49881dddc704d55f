package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.AvioMuxer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * One stream of the output, encoded ({@link EncodeChain}) or copied ({@link CopyChain}): what the
 * run loops and the progress ask of each, and the one place packets reach the muxer.
 */
abstract class OutputChain implements AutoCloseable {
  private final boolean video;
  /** The stream in the output; its time base is the muxer's once the header is written. */
  final AVStream output;
  /** Frames (video) or frames/packets (audio) written. */
  long frames;
  /** True once the stream has written its last packet. */
  boolean done;
  private long endPts = AV_NOPTS_VALUE;

  OutputChain(boolean video, AVStream output) {
    this.video = video;
    this.output = output;
  }

  final boolean video() {
    return video;
  }

  final boolean done() {
    return done;
  }

  final long frames() {
    return frames;
  }

  /** The stream's index in the output. */
  final int outputIndex() {
    return output.index();
  }

  /** The end of the latest packet written, in seconds of the output's timeline. */
  final double endSeconds() {
    if (endPts == AV_NOPTS_VALUE) return 0;
    return endPts * (double) output.time_base().num() / output.time_base().den();
  }

  /**
   * Writes {@code packet}, its timestamps already in the output stream's time base, to {@code
   * muxer} (which takes its data), and notes where it ends.
   */
  final void writeToMuxer(AVPacket packet, AvioMuxer muxer) throws TranscodeException {
    packet.stream_index(output.index());
    long end = packet.pts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : packet.pts() + Math.max(0, packet.duration());
    if (end != AV_NOPTS_VALUE && (endPts == AV_NOPTS_VALUE || end > endPts)) endPts = end;
    try {
      muxer.writePacket(packet);
    } catch (AvioException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public abstract void close();
}
