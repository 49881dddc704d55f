package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.FileEvent.Phase;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.transcode.MediaCheck;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.ServedRequest;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FFmpeg reading a {@link FileSource} while it downloads from a throttled server: decoding starts
 * long before the end, a moov at the end and a seek by time pull the download where FFmpeg reads,
 * and every frame FFmpeg decodes from the whole file in memory comes out.
 */
@Timeout(90)
class ProgressiveDemuxTest extends AvioTestSupport {
  /** About 1.2 MB files served in about 3 s. */
  private static final long BYTES_PER_SECOND = 400_000;

  @Test
  void faststartMp4_firstFrameWhileDownloading_allFramesDecode() throws Exception {
    Path file = SampleMedia.mp4(20, true).cachedIn(TestMedia.dir());
    byte[] bytes = Files.readAllBytes(file);
    server.serve("/fast.mp4", bytes).throttle(BYTES_PER_SECOND);
    try (FileSource source = open("/fast.mp4");
        AvioDemuxer demuxer = AvioDemuxer.open(source);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      assertEquals("h264", decoder.videoStream().orElseThrow().codecName());
      SimpleDecoder.Frame first = nextVideoFrame(decoder);
      assertEquals(Phase.DOWNLOADING, source.phase(), "first frame decoded before the download ended");
      assertEquals(0, first.ptsMillis().orElseThrow());

      int[] rest = decodeAll(decoder);
      assertEquals(MediaCheck.of(bytes).videoFrames(), 1 + rest[0], "every frame FFmpeg decodes from the whole file");
      assertTrue(rest[1] > 800, "20 s of AAC frames: " + rest[1]);
      assertFinished(source);
    }
    assertEquals("bytes=0-", server.requests().get(0).header("Range"));
  }

  @Test
  void moovAtEnd_readOfTheMoovMovesTheDownload_decodingStartsBeforeTheEnd() throws Exception {
    Path file = SampleMedia.mp4(20, false).cachedIn(TestMedia.dir());
    byte[] bytes = Files.readAllBytes(file);
    server.serve("/end.mp4", bytes).throttle(BYTES_PER_SECOND);
    try (FileSource source = open("/end.mp4");
        AvioDemuxer demuxer = AvioDemuxer.open(source);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      SimpleDecoder.Frame first = nextVideoFrame(decoder);
      assertEquals(Phase.DOWNLOADING, source.phase(), "first frame decoded before the download ended");
      assertEquals(0, first.ptsMillis().orElseThrow());
      long nearEnd = bytes.length - (256 << 10);
      assertTrue(server.requests().stream().anyMatch(r -> rangeStart(r) >= nearEnd),
          "a request starting in the last 256 KiB, where the moov is: " + server.requests());

      int[] rest = decodeAll(decoder);
      assertEquals(MediaCheck.of(bytes).videoFrames(), 1 + rest[0]);
      assertFinished(source);
    }
  }

  @Test
  void seekToThreeQuartersWhileDownloading_nextVideoFrameIsAtTheTarget() throws Exception {
    Path file = SampleMedia.mp4(20, true).cachedIn(TestMedia.dir());
    byte[] bytes = Files.readAllBytes(file);
    server.serve("/seek.mp4", bytes).throttle(BYTES_PER_SECOND / 2);
    try (FileSource source = open("/seek.mp4");
        AvioDemuxer demuxer = AvioDemuxer.open(source);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      long target = demuxer.duration().orElseThrow().toMillis() * 3 / 4;
      decoder.seek(target);
      SimpleDecoder.Frame frame = nextVideoFrame(decoder);
      assertEquals(Phase.DOWNLOADING, source.phase(), "landed before the download ended");
      long at = frame.ptsMillis().orElseThrow();
      assertTrue(Math.abs(at - target) <= 1000, "within one GOP (1 s) of " + target + ": " + at);
      assertTrue(at <= target, "a keyframe at or before the target: " + at);
      assertTrue(server.requests().stream().anyMatch(r -> rangeStart(r) >= bytes.length / 2),
          "the download moved to the seek target: " + server.requests());

      int[] rest = decodeAll(decoder);
      assertTrue(rest[0] >= 100 && rest[0] <= 150, "the last quarter of 500 frames: " + rest[0]);
    }
  }

  @Test
  void eightDemuxersOnOneSource_eachDecodesEveryFrame_oneDownload() throws Exception {
    Path file = SampleMedia.mp4(20, true).cachedIn(TestMedia.dir());
    byte[] bytes = Files.readAllBytes(file);
    server.serve("/shared.mp4", bytes).throttle(BYTES_PER_SECOND);
    int expected = MediaCheck.of(bytes).videoFrames();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (FileSource source = open("/shared.mp4")) {
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        counts.add(pool.submit(() -> {
          try (AvioDemuxer demuxer = AvioDemuxer.open(source); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
            return decodeAll(decoder)[0];
          }
        }));
      }
      for (Future<Integer> count : counts) assertEquals(expected, count.get(60, TimeUnit.SECONDS));
      assertFinished(source);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, server.requestCount(), "readers in step share one request: " + server.requests());
  }

  private static long rangeStart(ServedRequest request) {
    String range = request.header("Range");
    if (range == null || !range.startsWith("bytes=")) return -1;
    int dash = range.indexOf('-');
    return dash <= 6 ? -1 : Long.parseLong(range.substring(6, dash));
  }

  private static void assertFinished(FileSource source) throws Exception {
    CompletableFuture<DownloadOutcome> completion = source.completion();
    DownloadOutcome outcome = completion.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertInstanceOf(DownloadOutcome.Finished.class, outcome, outcome::toString);
  }
}
