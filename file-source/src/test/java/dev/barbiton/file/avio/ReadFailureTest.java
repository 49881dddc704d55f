package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inputs that fail: the failure reaches the caller as a typed exception, and reading can go on. */
@Timeout(60)
class ReadFailureTest extends AvioTestSupport {

  @Test
  void readTimeout_failsWithTheInputsCause_thenReadsOnOnceTheDownloadResumes() throws Exception {
    Path file = SampleMedia.mp4(20, true).cachedIn(TestMedia.dir());
    server.serve("/stall.mp4", Files.readAllBytes(file)).next(Fault.stallAfter(300_000));
    // The reader gives up after 300 ms; the driver gives up on the stalled response after 1 s and
    // resumes with a new request.
    FileSource source = FileSource.open(server.uri("/stall.mp4"),
        options().readTimeout(Duration.ofMillis(300)).stallTimeout(Duration.ofSeconds(1)).build());
    AVPacket packet = avcodec.av_packet_alloc();
    try (source; AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      int packets = 0;
      int failures = 0;
      while (true) {
        try {
          if (!demuxer.readPacket(packet)) break;
          avcodec.av_packet_unref(packet);
          packets++;
        } catch (AvioException e) {
          failures++;
          assertFalse(e.cancelled(), e::toString);
          assertEquals(AvioException.Stage.READ_FRAME, e.stage());
          assertInstanceOf(ResourceTimeoutException.class, e.getCause(), e::toString);
          assertTrue(failures < 20, "reads on once the download resumes");
        }
      }
      assertTrue(failures > 0, "the stall was noticed");
      assertTrue(packets > 1300, "read on to the end after the timeouts: " + packets + " of 1363 packets");
    } finally {
      avcodec.av_packet_free(packet);
    }
    assertTrue(server.requestCount() >= 2, "resumed: " + server.requests());
  }

  @Test
  void inputThatThrowsUnchecked_openFailsWithItAsCause_noCrash() {
    RuntimeException bug = new IllegalStateException("a bug in an input");
    RandomAccessInput broken = new RandomAccessInput() {
      @Override
      public int read(long position, ByteBuffer dst) {
        throw bug;
      }

      @Override
      public OptionalLong length() {
        return OptionalLong.of(1000);
      }

      @Override
      public void close() {}
    };
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(broken));
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(bug, e.getCause(), "the exception stopped at the callback and came back as the cause");
  }

  @Test
  void inputThatReadsZeroBytes_failsInsteadOfSpinning() {
    RandomAccessInput zero = new RandomAccessInput() {
      @Override
      public int read(long position, ByteBuffer dst) {
        return 0;
      }

      @Override
      public OptionalLong length() {
        return OptionalLong.empty();
      }

      @Override
      public void close() {}
    };
    AvioException e = assertThrows(AvioException.class, () -> AvioDemuxer.open(zero));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("0 bytes"), e.getCause()::getMessage);
  }
}
