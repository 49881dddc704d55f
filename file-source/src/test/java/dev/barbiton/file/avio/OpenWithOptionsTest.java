package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link DemuxerOptions} make FFmpeg do, on media in memory. */
@Timeout(60)
class OpenWithOptionsTest {
  private static byte[] mp4;
  /** The audio starts 3 s after the video: FFmpeg must read 3 s of video to describe it. */
  private static byte[] lateAudioTs;

  @BeforeAll
  static void media() throws IOException {
    mp4 = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    lateAudioTs = Files.readAllBytes(AvioTestSupport.mpegTs(20, 320, 240, 400_000, 64_000, 3));
  }

  @Test
  void openWithoutOptions_setsTheDefaultLimitsOnTheFormatContext() throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(mp4)) {
      AVFormatContext format = demuxer.formatContext();
      assertEquals(DemuxerOptions.defaults().probeSize(), format.probesize());
      assertEquals(1_000_000, format.max_analyze_duration());
      assertEquals(100, format.probe_score(), "probed");
    }
  }

  @Test
  void ffmpegDefaults_setFfmpegsLimits() throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(mp4), DemuxerOptions.ffmpegDefaults())) {
      assertEquals(5_000_000, demuxer.formatContext().probesize());
      assertEquals(5_000_000, demuxer.formatContext().max_analyze_duration());
    }
  }

  @Test
  void analyzeDuration_decidesWhetherAnAudioStreamStarting3sInIsDescribed() throws IOException {
    assertEquals(0, audioChannels(DemuxerOptions.defaults()), "1 s of video read: no audio packet seen");
    DemuxerOptions fiveSeconds = DemuxerOptions.builder().analyzeDuration(Duration.ofSeconds(5)).build();
    assertEquals(1, audioChannels(fiveSeconds), "5 s of video read: the audio is described");
    assertEquals(1, audioChannels(DemuxerOptions.ffmpegDefaults()));
  }

  @Test
  void probeSize_stopsTheAnalysisBeforeTheAnalyzeDuration() throws IOException {
    DemuxerOptions fewBytes = DemuxerOptions.builder().analyzeDuration(Duration.ofSeconds(5)).probeSize(64 << 10).build();
    assertEquals(0, audioChannels(fewBytes), "64 KiB hold less than 3 s of video");
  }

  @Test
  void formatName_opensWithThatDemuxer_withoutProbing() throws IOException {
    DemuxerOptions options = DemuxerOptions.builder().formatName("mp4").build();
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(mp4), options)) {
      assertEquals("mov,mp4,m4a,3gp,3g2,mj2", demuxer.formatName());
      assertEquals(0, demuxer.formatContext().probe_score(), "FFmpeg scores no probe when told the format");
      assertEquals(2, demuxer.streams().size());
    }
  }

  @Test
  void wrongFormatName_failsToOpen_freesEverything_andClosesTheInput() {
    int before = AvioCallbacks.live();
    Tracked input = new Tracked(RandomAccessInput.of(mp4));
    DemuxerOptions options = DemuxerOptions.builder().formatName("matroska").build();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(input, options));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(avutil.AVERROR_INVALIDDATA, e.errorCode(), e::toString);
    assertFalse(e.cancelled());
    assertTrue(input.closed.get());
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void unknownFormatName_failsWithDemuxerNotFound_beforeReading() {
    int before = AvioCallbacks.live();
    Tracked input = new Tracked(RandomAccessInput.of(mp4));
    DemuxerOptions options = DemuxerOptions.builder().formatName("no_such_demuxer").build();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(input, options));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(avutil.AVERROR_DEMUXER_NOT_FOUND, e.errorCode());
    assertTrue(e.getMessage().contains("no_such_demuxer"), e::getMessage);
    assertEquals(0, input.reads.get());
    assertTrue(input.closed.get());
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void formatOptionsFfmpegKnows_reachTheFormatContext_andCustomIoStays() throws IOException {
    DemuxerOptions options = DemuxerOptions.builder()
        .formatOption("skip_estimate_duration_from_pts", "1")
        .formatOption("fflags", "+genpts")
        .build();
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(mp4), options);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      AVFormatContext format = demuxer.formatContext();
      assertEquals(1, format.skip_estimate_duration_from_pts());
      assertTrue((format.flags() & AVFormatContext.AVFMT_FLAG_GENPTS) != 0, "genpts added");
      assertTrue((format.flags() & AVFormatContext.AVFMT_FLAG_CUSTOM_IO) != 0, "custom IO kept");
      AvioTestSupport.nextVideoFrame(decoder);
    }
  }

  @Test
  void demuxerPrivateOption_isUsedByThatDemuxer() throws IOException {
    DemuxerOptions options = DemuxerOptions.builder().formatName("mp4").formatOption("ignore_editlist", "1").build();
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(mp4), options)) {
      assertEquals(2, demuxer.streams().size());
    }
  }

  @Test
  void formatOptionNobodyUses_failsNamingIt_freesEverything_andClosesTheInput() {
    int before = AvioCallbacks.live();
    Tracked input = new Tracked(RandomAccessInput.of(mp4));
    DemuxerOptions options = DemuxerOptions.builder()
        .formatOption("ignore_editlist", "1")
        .formatOption("no_such_option", "1")
        .formatOption("reconnect", "1") // an http option: nothing of a custom-IO open uses it
        .build();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(input, options));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(avutil.AVERROR_OPTION_NOT_FOUND, e.errorCode());
    assertTrue(e.getMessage().contains("[no_such_option, reconnect]"), e::getMessage);
    assertTrue(e.getMessage().contains("mov,mp4"), e::getMessage);
    assertTrue(input.closed.get());
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void formatOptionValueFfmpegCannotParse_failsWithFfmpegsError() {
    int before = AvioCallbacks.live();
    Tracked input = new Tracked(RandomAccessInput.of(mp4));
    DemuxerOptions options = DemuxerOptions.builder().formatOption("skip_estimate_duration_from_pts", "banana").build();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(input, options));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(avutil.AVERROR_EINVAL(), e.errorCode(), e::toString);
    assertTrue(input.closed.get());
    assertEquals(before, AvioCallbacks.live());
  }

  private static int audioChannels(DemuxerOptions options) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(lateAudioTs), options)) {
      assertEquals(2, demuxer.streams().size(), demuxer.streams()::toString);
      StreamInfo audio = demuxer.streams().stream().filter(s -> s.type() == MediaType.AUDIO).findFirst().orElseThrow();
      return audio.channels();
    }
  }

  /** An input that counts its reads and remembers whether it was closed. */
  private static final class Tracked implements RandomAccessInput {
    final RandomAccessInput delegate;
    final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    Tracked(RandomAccessInput delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      reads.incrementAndGet();
      return delegate.read(position, dst);
    }

    @Override
    public OptionalLong length() {
      return delegate.length();
    }

    @Override
    public void close() {
      closed.set(true);
      delegate.close();
    }
  }
}
