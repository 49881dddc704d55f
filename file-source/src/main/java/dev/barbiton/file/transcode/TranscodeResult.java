package dev.barbiton.file.transcode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished transcode wrote.
 *
 * @param format the output format's FFmpeg name
 * @param videoCodec the output video codec's FFmpeg name ({@code h264}, {@code vp9}), if there is video
 * @param audioCodec the output audio codec's FFmpeg name ({@code aac}, {@code opus}), if there is audio
 * @param duration the output's length: the end of its last packet on its timeline
 * @param videoFrames video frames written
 * @param audioFrames audio frames (encoder frames or copied packets) written
 * @param bytes bytes the sink took
 * @param corruptPackets input packets dropped as undecodable under {@link CorruptPacketPolicy#SKIP}
 * @param elapsed wall time the transcode took
 */
public record TranscodeResult(String format, Optional<String> videoCodec, Optional<String> audioCodec,
    Duration duration, long videoFrames, long audioFrames, long bytes, long corruptPackets, Duration elapsed) {
  public TranscodeResult {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(videoCodec, "videoCodec");
    Objects.requireNonNull(audioCodec, "audioCodec");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
