package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FFmpeg demuxing and decoding bytes in memory: the committed H.265 fixture, and bad input. */
@Timeout(60)
class InMemoryDemuxTest extends AvioTestSupport {

  @Test
  void hevcInDirectBuffer_streamsDescribed_everyFrameDecodes() throws Exception {
    byte[] bytes = hevcFixture();
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    try (AvioDemuxer demuxer = AvioDemuxer.open(direct); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      List<StreamInfo> streams = demuxer.streams();
      assertEquals(2, streams.size(), streams::toString);
      StreamInfo video = decoder.videoStream().orElseThrow();
      assertEquals(MediaType.VIDEO, video.type());
      assertEquals(avcodec.AV_CODEC_ID_HEVC, video.codecId());
      assertEquals("hevc", video.codecName());
      assertEquals(320, video.width());
      assertEquals(240, video.height());
      StreamInfo audio = decoder.audioStream().orElseThrow();
      assertEquals("aac", audio.codecName());
      assertEquals(44100, audio.sampleRate());
      assertEquals(1, audio.channels());
      assertEquals(Duration.ofSeconds(2), video.duration().orElseThrow());
      assertTrue(Math.abs(demuxer.duration().orElseThrow().toMillis() - 2000) <= 50, () -> demuxer.duration().toString());
      assertTrue(demuxer.formatName().contains("mp4"), demuxer.formatName());

      int video0 = 0;
      long lastVideoMillis = -1;
      int audioSamples = 0;
      for (Optional<SimpleDecoder.Frame> f; (f = decoder.next()).isPresent(); ) {
        SimpleDecoder.Frame frame = f.get();
        if (frame.type() == MediaType.VIDEO) {
          assertEquals(320, frame.width());
          assertEquals(240, frame.height());
          long millis = frame.ptsMillis().orElseThrow();
          assertTrue(millis > lastVideoMillis, "video frames in presentation order: " + millis + " after " + lastVideoMillis);
          lastVideoMillis = millis;
          video0++;
        } else {
          audioSamples += frame.samples();
        }
      }
      assertEquals(HEVC_VIDEO_FRAMES, video0);
      assertEquals(1960, lastVideoMillis, "last frame at 49 / 25 s");
      assertTrue(Math.abs(audioSamples - 88_200) <= 2048, "about 2 s of audio at 44.1 kHz: " + audioSamples);
      assertEquals(Optional.empty(), decoder.next(), "stays at the end");
    }
  }

  @Test
  void heapBufferSlice_onlyItsWindowIsRead() throws Exception {
    byte[] fixture = hevcFixture();
    byte[] padded = new byte[fixture.length + 2000];
    Arrays.fill(padded, (byte) 0x5a);
    System.arraycopy(fixture, 0, padded, 1000, fixture.length);
    ByteBuffer window = ByteBuffer.wrap(padded, 1000, fixture.length);
    try (AvioDemuxer demuxer = AvioDemuxer.open(window); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      assertEquals(HEVC_VIDEO_FRAMES, decodeAll(decoder)[0]);
    }
    assertEquals(1000, window.position(), "the caller's buffer is left alone");
  }

  @Test
  void seekByTime_nextVideoFrameIsTheKeyframeAtOrBefore() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture()); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      nextVideoFrame(decoder);
      decoder.seek(1500);
      assertEquals(1000, nextVideoFrame(decoder).ptsMillis().orElseThrow(), "keyframes every second");
      decoder.seek(0);
      assertEquals(0, nextVideoFrame(decoder).ptsMillis().orElseThrow());
    }
  }

  @Test
  void emptyBuffer_openFailsWithAvioException() {
    int before = AvioCallbacks.live();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(new byte[0]));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertTrue(e.errorCode() < 0);
    assertFalse(e.cancelled());
    assertTrue(e.getMessage().startsWith("open: "), e.getMessage());
    assertEquals(before, AvioCallbacks.live(), "nothing left registered");
  }

  @Test
  void garbage_openFailsWithAvioException_andNothingLeaks() {
    byte[] garbage = new byte[256 << 10];
    new SplittableRandom(42).nextBytes(garbage);
    int before = AvioCallbacks.live();
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(garbage));
    assertTrue(e.stage() == AvioException.Stage.OPEN || e.stage() == AvioException.Stage.FIND_STREAM_INFO, e::toString);
    assertFalse(e.cancelled());
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void truncatedFile_decodesWhatIsThere_thenEnds() throws Exception {
    byte[] fixture = hevcFixture();
    byte[] half = Arrays.copyOf(fixture, fixture.length / 2);
    try (AvioDemuxer demuxer = AvioDemuxer.open(half); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      int videoFrames = decodeAll(decoder)[0];
      assertTrue(videoFrames > 0 && videoFrames < HEVC_VIDEO_FRAMES, "some frames, not all: " + videoFrames);
    }
  }

  @Test
  void closedDemuxer_useThrowsIllegalState_closeIsIdempotent() throws Exception {
    AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture());
    demuxer.close();
    demuxer.close();
    assertThrows(IllegalStateException.class, demuxer::formatContext);
    assertThrows(IllegalStateException.class, () -> demuxer.seek(Duration.ZERO));
    assertThrows(IllegalStateException.class, () -> SimpleDecoder.open(demuxer));
  }
}
