package dev.barbiton.file.mp4;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Fragmented MP4 recipes beyond {@code SampleMedia.fragmented}, made in this process by FFmpeg's
 * libraries (the {@link Transcoder}: {@code testsrc2} and a 440 Hz sine, H.264 at 400 kbit/s and AAC
 * at 64 kbit/s, as {@code SampleMedia}) under {@code target/test-media/mp4} on first use: longer
 * keyframe intervals, fragments that do not start at keyframes, one {@code moof} per track,
 * per-fragment {@code sidx}, audio only.
 *
 * @param name a file name stem, unique per recipe
 * @param seconds the length of the media
 * @param gop frames between keyframes (25 fps)
 * @param fragmentMicros the muxer's {@code frag_duration}, or 0 for none
 * @param movflags added to {@code +empty_moov+default_base_moof}
 * @param video whether there is a video track
 * @param audio whether there is an audio track
 */
record FfmpegMedia(String name, int seconds, int gop, long fragmentMicros, String movflags,
    boolean video, boolean audio) {

  private static final Path DIR = TestMedia.dir().resolve("mp4");

  static FfmpegMedia video(String name, int seconds, int gop, String movflags) {
    return new FfmpegMedia(name, seconds, gop, 0, movflags, true, false);
  }

  static FfmpegMedia audioVideo(String name, int seconds, int gop, String movflags) {
    return new FfmpegMedia(name, seconds, gop, 0, movflags, true, true);
  }

  /** The same recipe with the muxer's {@code frag_duration}. */
  FfmpegMedia fragmentMicros(long micros) {
    return new FfmpegMedia(name, seconds, gop, micros, movflags, video, audio);
  }

  /** The same recipe without video. */
  FfmpegMedia audioOnly() {
    return new FfmpegMedia(name, seconds, gop, fragmentMicros, movflags, false, true);
  }

  /** The file, made on first use. */
  Path path() {
    return TestMedia.cached(DIR, name + ".mp4", file -> {
      GeneratedSource source = new GeneratedSource(
          video ? Optional.of("testsrc2=size=320x240:rate=25") : Optional.empty(),
          audio ? Optional.of("sine=frequency=440:sample_rate=44100") : Optional.empty(), Duration.ofSeconds(seconds));
      Transcoder.Builder builder = Transcoder.from(source)
          .video(VideoSettings.encode("libopenh264").bitrate(400_000).gop(gop))
          .audio(AudioSettings.encode("aac").bitrate(64_000))
          .format("mp4").formatOption("movflags", "+empty_moov+default_base_moof" + movflags);
      if (fragmentMicros > 0) builder.formatOption("frag_duration", Long.toString(fragmentMicros));
      builder.build().run(OutputSink.of(file));
    });
  }

  @Override
  public String toString() {
    return name;
  }
}
