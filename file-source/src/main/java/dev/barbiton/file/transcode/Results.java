package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;

import dev.barbiton.file.avio.AvioMuxer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/** Builds the {@link TranscodeResult} of a finished run. */
final class Results {
  private Results() {}

  static TranscodeResult of(String format, List<? extends OutputChain> chains, AvioMuxer muxer, long corrupt, Duration elapsed) {
    AVFormatContext output = muxer.formatContext();
    Optional<String> video = Optional.empty();
    Optional<String> audio = Optional.empty();
    for (OutputChain chain : chains) {
      String codec = avcodec_get_name(output.streams(chain.outputIndex()).codecpar().codec_id()).getString();
      if (chain.video()) video = Optional.of(codec);
      else audio = Optional.of(codec);
    }
    return new TranscodeResult(format, video, audio, Duration.ofNanos((long) (ProgressMeter.mediaSeconds(chains) * 1e9)),
        ProgressMeter.videoFrames(chains), ProgressMeter.audioFrames(chains), muxer.bytesWritten(), corrupt, elapsed);
  }
}
