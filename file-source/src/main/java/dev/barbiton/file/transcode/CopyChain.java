package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.AvioMuxer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One output stream copied from an input stream, packet for packet: the payload is untouched;
 * timestamps move by the time range's start and into the output's time base.
 */
final class CopyChain extends OutputChain {
  private final AVStream input;
  /** The time range in the input stream's time base; {@code end} is Long.MAX_VALUE without one. */
  private final long start;
  private final long end;
  /** Whether a time range was asked for: without one, nothing is dropped. */
  private final boolean ranged;

  private CopyChain(boolean video, AVStream input, AVStream output, long start, long end, boolean ranged) {
    super(video, output);
    this.ranged = ranged;
    this.input = input;
    this.start = start;
    this.end = end;
  }

  /**
   * Adds a stream to {@code muxer} with {@code input}'s codec parameters; {@code startMicros} and
   * {@code endMicros} (absolute, on the input's timeline) cut the packets if {@code ranged}; either
   * way timestamps move back by {@code startMicros}.
   */
  static CopyChain open(boolean video, AVStream input, AvioMuxer muxer, long startMicros, long endMicros,
      boolean ranged) throws TranscodeException {
    try {
      AVStream output = muxer.newStream();
      int ret = avcodec_parameters_copy(output.codecpar(), input.codecpar());
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "copying stream parameters");
      output.codecpar().codec_tag(0); // the input container's tag may mean nothing in the output's
      output.time_base(input.time_base());
      output.avg_frame_rate(input.avg_frame_rate());
      output.disposition(input.disposition());
      AVRational micros = new AVRational().num(1).den(1_000_000);
      long start = av_rescale_q(startMicros, micros, input.time_base());
      long end = endMicros == Long.MAX_VALUE ? Long.MAX_VALUE : av_rescale_q(endMicros, micros, input.time_base());
      return new CopyChain(video, input, output, start, end, ranged);
    } catch (AvioException e) {
      throw Failures.of(e);
    }
  }

  /** Writes {@code packet} (of the input stream) unless it lies outside the time range; always unrefs it. */
  void write(AVPacket packet, AvioMuxer muxer) throws TranscodeException {
    try {
      if (done) return;
      long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
      if (pts != AV_NOPTS_VALUE && pts >= end) {
        done = true;
        return;
      }
      // Audio before the start is dropped; video keeps the GOP that leads to it (decodable only so).
      if (ranged && !video() && pts != AV_NOPTS_VALUE && pts + Math.max(0, packet.duration()) <= start) return;
      if (packet.pts() != AV_NOPTS_VALUE) packet.pts(packet.pts() - start);
      if (packet.dts() != AV_NOPTS_VALUE) packet.dts(packet.dts() - start);
      av_packet_rescale_ts(packet, input.time_base(), output.time_base());
      packet.pos(-1);
      frames++;
      writeToMuxer(packet, muxer);
    } finally {
      av_packet_unref(packet);
    }
  }

  /** The input ended. */
  void finish() {
    done = true;
  }

  int inputIndex() {
    return input.index();
  }

  @Override
  public void close() {
    // Nothing native of its own: the streams belong to the demuxer and the muxer.
  }
}
