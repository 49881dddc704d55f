package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.file.avio.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every encoder of FFmpeg's LGPL build that the README names makes output that decodes again. */
class EncodersTest {
  private static final GeneratedSource HALF_SECOND = GeneratedSource.testPattern(160, 120, 25, Duration.ofMillis(480));

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "libopenh264, mp4, h264",
      "libvpx, webm, vp8",
      "libvpx-vp9, webm, vp9",
      "libaom-av1, mp4, av1",
      "libaom-av1, webm, av1",
      "libaom-av1, matroska, av1",
      "libsvtav1, webm, av1",
      "mjpeg, matroska, mjpeg",
      "gif, gif, gif"})
  void video(String encoder, String format, String codec) throws Exception {
    VideoSettings video = VideoSettings.encode(encoder);
    if (encoder.equals("libaom-av1")) video = video.option("cpu-used", "8").option("usage", "realtime");
    if (encoder.equals("libsvtav1")) video = video.preset("12");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Transcoder.Builder builder = Transcoder.from(HALF_SECOND.withoutAudio()).video(video).format(format);
    if (format.equals("mp4")) builder.formatOption("movflags", "frag_keyframe+empty_moov");
    builder.build().run(OutputSink.streaming(out));
    MediaCheck check = MediaCheck.of(out.toByteArray());
    assertEquals(codec, check.video().orElseThrow().codecName());
    assertEquals(12, check.videoFrames());
  }

  /** libaom gives its sequence header with the first packet: the header waits for it, on a file too. */
  @Test
  void av1FromLibaomIntoWebmFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("av1.webm");
    Transcoder.from(HALF_SECOND.withoutAudio())
        .video(VideoSettings.encode("libaom-av1").option("cpu-used", "8").option("usage", "realtime"))
        .format("webm").build().run(OutputSink.of(file));
    MediaCheck check = MediaCheck.of(Files.readAllBytes(file));
    assertEquals("av1", check.video().orElseThrow().codecName());
    assertEquals(12, check.videoFrames());
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"aac, matroska, aac", "libopus, ogg, opus", "libmp3lame, mp3, mp3", "flac, flac, flac"})
  void audio(String encoder, String format, String codec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Transcoder.from(HALF_SECOND.withoutVideo()).video(VideoSettings.none()).audio(AudioSettings.encode(encoder))
        .format(format).build().run(OutputSink.streaming(out));
    MediaCheck check = MediaCheck.of(out.toByteArray());
    assertEquals(codec, check.audio().orElseThrow().codecName());
    assertEquals(480, check.lastAudioEndMillis(), 60);
  }
}
