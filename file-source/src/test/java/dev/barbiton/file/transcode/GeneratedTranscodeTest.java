package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media made in this process from FFmpeg's source filters, checked by decoding it again. */
class GeneratedTranscodeTest {
  private static final GeneratedSource TWO_SECONDS = GeneratedSource.testPattern(320, 240, 25, Duration.ofSeconds(2));

  @TempDir Path dir;

  @Test
  void anMp4OnAFileHasItsMoovAndEveryFrame() throws Exception {
    Path out = dir.resolve("sample.mp4");
    TranscodeResult result = Transcoder.from(TWO_SECONDS).format("mp4").build().run(OutputSink.of(out));

    MediaCheck check = MediaCheck.of(out);
    assertEquals("h264", check.video().orElseThrow().codecName());
    assertEquals(320, check.video().orElseThrow().width());
    assertEquals("aac", check.audio().orElseThrow().codecName());
    assertEquals(50, check.videoFrames());
    assertEquals(1960, check.lastVideoMillis(), 1, "the last frame starts one frame before 2 s");
    assertEquals(2000, check.lastAudioEndMillis(), 30, "audio ends within an AAC frame of 2 s");
    assertEquals(50, result.videoFrames());
    assertEquals(Files.size(out), result.bytes());
    assertEquals("h264", result.videoCodec().orElseThrow());
    assertEquals("aac", result.audioCodec().orElseThrow());
    // What the demuxer says of the streams it wrote.
    assertEquals(25.0, check.video().orElseThrow().frameRate(), 0.01);
    assertEquals("yuv420p", check.video().orElseThrow().pixelFormat());
    assertEquals("fltp", check.audio().orElseThrow().sampleFormat());
    assertTrue(check.video().orElseThrow().bitRate() > 0);
    assertTrue(check.audio().orElseThrow().tags().containsKey("handler_name"), check.audio().orElseThrow().tags().toString());
  }

  @Test
  void aFragmentedMp4GoesToAStreamThatCannotSeek() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Transcoder.from(TWO_SECONDS).format("mp4").formatOption("movflags", "frag_keyframe+empty_moov")
        .build().run(OutputSink.streaming(bytes));

    MediaCheck check = MediaCheck.of(bytes.toByteArray());
    assertEquals(50, check.videoFrames());
    assertEquals("aac", check.audio().orElseThrow().codecName());
  }

  @Test
  void anMp4ThatMustSeekOnAStreamIsRefusedBeforeAnyByte() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    UnseekableOutputException e = assertThrows(UnseekableOutputException.class,
        () -> Transcoder.from(TWO_SECONDS).format("mp4").build().run(OutputSink.streaming(bytes)));
    assertTrue(e.getMessage().contains("frag_keyframe+empty_moov"), e.getMessage());
    assertEquals(0, bytes.size());

    UnseekableOutputException faststart = assertThrows(UnseekableOutputException.class,
        () -> Transcoder.from(TWO_SECONDS).format("mp4").formatOption("movflags", "frag_keyframe+faststart")
            .build().run(OutputSink.streaming(bytes)));
    assertTrue(faststart.getMessage().contains("+faststart"), faststart.getMessage());
    assertEquals(0, bytes.size());
  }

  @Test
  void webmWithVp9OpusAndFilters() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TranscodeResult result = Transcoder.from(TWO_SECONDS)
        .video(VideoSettings.encode("libvpx-vp9").bitrate(200_000).option("deadline", "realtime").option("cpu-used", "8")
            .filter("scale=160:-2"))
        .audio(AudioSettings.encode("libopus").bitrate(48_000).filter("volume=0.5"))
        .format("webm").build().run(OutputSink.streaming(bytes));

    MediaCheck check = MediaCheck.of(bytes.toByteArray());
    assertEquals("vp9", check.video().orElseThrow().codecName());
    assertEquals(160, check.video().orElseThrow().width());
    assertEquals(120, check.video().orElseThrow().height());
    assertEquals("opus", check.audio().orElseThrow().codecName());
    assertEquals(48_000, check.audio().orElseThrow().sampleRate());
    assertEquals(50, check.videoFrames());
    assertEquals("vp9", result.videoCodec().orElseThrow());
    assertEquals("opus", result.audioCodec().orElseThrow());
  }

  @Test
  void progressIsReportedAndEndsAtTheTotal() throws Exception {
    List<TranscodeProgress> reports = new ArrayList<>();
    Transcoder.from(TWO_SECONDS).format("matroska").onProgress(reports::add, Duration.ZERO)
        .build().run(OutputSink.streaming(new ByteArrayOutputStream()));

    assertTrue(reports.size() > 10, "reports: " + reports.size());
    TranscodeProgress last = reports.get(reports.size() - 1);
    assertEquals(50, last.videoFrames());
    assertEquals(1.0, last.fraction().orElseThrow(), 0.03);
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i).mediaTime().compareTo(reports.get(i - 1).mediaTime()) >= 0, "media time never goes back");
    }
  }

  @Test
  void unknownNamesAreConfigurationErrorsThatSayWhat() {
    TranscodeException encoder = assertThrows(TranscodeException.class, () -> Transcoder.from(TWO_SECONDS)
        .video(VideoSettings.encode("libx264")).format("matroska").build().run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertEquals(TranscodeException.Stage.CONFIGURE, encoder.stage());
    assertTrue(encoder.getMessage().contains("no encoder named 'libx264'"), encoder.getMessage());

    TranscodeException option = assertThrows(TranscodeException.class, () -> Transcoder.from(TWO_SECONDS)
        .video(VideoSettings.encode("libopenh264").option("no-such-option", "1")).format("matroska").build()
        .run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertEquals(TranscodeException.Stage.CONFIGURE, option.stage());
    assertTrue(option.getMessage().contains("no-such-option"), option.getMessage());

    TranscodeException filter = assertThrows(TranscodeException.class, () -> Transcoder.from(TWO_SECONDS)
        .video(VideoSettings.encode("libopenh264").filter("scale=oops")).format("matroska").build()
        .run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertEquals(TranscodeException.Stage.CONFIGURE, filter.stage());
    assertTrue(filter.getMessage().contains("scale=oops"), filter.getMessage());

    TranscodeException format = assertThrows(TranscodeException.class, () -> Transcoder.from(TWO_SECONDS)
        .format("no-such-format").build().run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertEquals(TranscodeException.Stage.CONFIGURE, format.stage());
    assertTrue(format.getMessage().contains("no muxer named 'no-such-format'"), format.getMessage());

    TranscodeException muxerOption = assertThrows(TranscodeException.class, () -> Transcoder.from(TWO_SECONDS)
        .format("matroska").formatOption("movflags", "faststart").build().run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertTrue(muxerOption.getMessage().contains("has no option movflags"), muxerOption.getMessage());
  }
}
