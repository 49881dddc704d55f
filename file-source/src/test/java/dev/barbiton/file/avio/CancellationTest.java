package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping FFmpeg while it is blocked inside our read callback, on a server that stalls: custom IO
 * is not interrupted by FFmpeg's own interrupt callback during {@code av_read_frame}, so the close
 * must reach the blocked read itself. Each case must return within a second and leave nothing
 * registered.
 */
@Timeout(60)
class CancellationTest extends AvioTestSupport {
  private static final long PROMPT_NANOS = 1_000_000_000L;
  /** Well past the moov of a faststart file, well before its end. */
  private static final long STALL_AT = 300_000;

  @Test
  void demuxerClosedFromAnotherThread_whileReadPacketBlocks_returnsWithinOneSecond() throws Exception {
    server.serve("/stall.mp4", Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()))).next(Fault.stallAfter(STALL_AT));
    int before = AvioCallbacks.live();
    try (FileSource source = open("/stall.mp4")) {
      AvioDemuxer demuxer = AvioDemuxer.open(source);
      Blocked reader = Blocked.start("reader", packets -> readUntilFailure(demuxer, packets));
      awaitCondition("server stalled", () -> server.bodyBytesSent() >= STALL_AT);
      awaitBlocked(reader.thread);
      long start = System.nanoTime();
      demuxer.close();
      AvioException e = reader.awaitFailure(AvioException.class, start);
      assertTrue(e.cancelled(), e::toString);
      assertEquals(AvioException.Stage.READ_FRAME, e.stage());
      assertTrue(reader.packets.get() > 0, "read packets before the stall");
      assertThrows(IllegalStateException.class, demuxer::formatContext);
    }
    assertEquals(before, AvioCallbacks.live(), "contexts freed, bridge unregistered");
  }

  @Test
  void inputClosedFromAnotherThread_whileOpenBlocks_openFailsWithinOneSecond() throws Exception {
    server.serve("/stall.mp4", Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()))).next(Fault.stallAfter(1000));
    int before = AvioCallbacks.live();
    try (FileSource source = open("/stall.mp4")) {
      RandomAccessInput input = RandomAccessInput.of(source);
      Blocked opener = Blocked.start("opener", packets -> AvioDemuxer.open(input).close());
      awaitCondition("server stalled", () -> server.bodyBytesSent() >= 1000);
      awaitBlocked(opener.thread);
      long start = System.nanoTime();
      input.close();
      AvioException e = opener.awaitFailure(AvioException.class, start);
      assertTrue(e.cancelled(), e::toString);
      assertEquals(AvioException.Stage.OPEN, e.stage());
    }
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void sourceClosed_whileReadPacketBlocks_readIsCancelledWithinOneSecond() throws Exception {
    server.serve("/stall.mp4", Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()))).next(Fault.stallAfter(STALL_AT));
    FileSource source = open("/stall.mp4");
    try (AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      Blocked reader = Blocked.start("reader", packets -> readUntilFailure(demuxer, packets));
      awaitCondition("server stalled", () -> server.bodyBytesSent() >= STALL_AT);
      awaitBlocked(reader.thread);
      long start = System.nanoTime();
      source.close();
      AvioException e = reader.awaitFailure(AvioException.class, start);
      assertTrue(e.cancelled(), e::toString);
      assertNotNull(e.getCause(), "the source's closed exception is the cause");
    }
  }

  @Test
  void readerInterrupted_whileReadPacketBlocks_cancelledWithStatusKept_thenReadsOn() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()));
    server.serve("/pause.mp4", bytes).next(Fault.pauseAfter(STALL_AT, Duration.ofSeconds(2)));
    AtomicReference<AvioException> cancelled = new AtomicReference<>();
    AtomicLong cancelledAt = new AtomicLong();
    AtomicBoolean interruptKept = new AtomicBoolean();
    try (FileSource source = open("/pause.mp4"); AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      Blocked reader = Blocked.start("reader", packets -> {
        try {
          readUntilFailure(demuxer, packets);
        } catch (AvioException e) {
          cancelledAt.set(System.nanoTime());
          cancelled.set(e);
          interruptKept.set(Thread.interrupted()); // clears it, as a caller that handled it would
        }
        // Reading on: the pause ends and the rest of the file comes.
        packets.addAndGet(countPackets(demuxer));
      });
      awaitCondition("server paused", () -> server.bodyBytesSent() >= STALL_AT);
      awaitBlocked(reader.thread);
      long start = System.nanoTime();
      reader.thread.interrupt();
      reader.thread.join(DEADLINE.toMillis());
      assertFalse(reader.thread.isAlive());
      assertEquals(null, reader.failure.get());
      AvioException e = cancelled.get();
      assertNotNull(e, "the blocked read was cancelled");
      assertTrue(e.cancelled(), e::toString);
      assertTrue(cancelledAt.get() - start < PROMPT_NANOS, "cancelled after " + (cancelledAt.get() - start) / 1_000_000 + " ms");
      assertTrue(interruptKept.get(), "interrupt status kept");
      assertTrue(reader.packets.get() > 1000, "read on to the end after the interrupt: " + reader.packets.get());
    }
  }

  /** A thread running a body that is expected to block and then fail; counts its packets. */
  private static final class Blocked {
    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicInteger packets = new AtomicInteger();

    interface Body {
      void run(AtomicInteger packets) throws Exception;
    }

    private Blocked(String name, Body body) {
      thread = new Thread(() -> {
        try {
          body.run(packets);
        } catch (Throwable t) {
          failure.set(t);
        }
      }, name);
    }

    static Blocked start(String name, Body body) {
      Blocked blocked = new Blocked(name, body);
      blocked.thread.start();
      return blocked;
    }

    /** Waits for the thread to end, within a second of {@code startNanos}, with a {@code type}. */
    <T extends Throwable> T awaitFailure(Class<T> type, long startNanos) throws InterruptedException {
      thread.join(DEADLINE.toMillis());
      long took = System.nanoTime() - startNanos;
      assertFalse(thread.isAlive(), thread + " still blocked");
      assertTrue(took < PROMPT_NANOS, "returned after " + took / 1_000_000 + " ms");
      return assertInstanceOf(type, failure.get());
    }
  }

  private static void readUntilFailure(AvioDemuxer demuxer, AtomicInteger packets) throws AvioException {
    AVPacket packet = avcodec.av_packet_alloc();
    try {
      while (demuxer.readPacket(packet)) {
        avcodec.av_packet_unref(packet);
        packets.incrementAndGet();
      }
      throw new AssertionError("reached the end of a stalled file");
    } finally {
      avcodec.av_packet_free(packet);
    }
  }

  private static int countPackets(AvioDemuxer demuxer) throws AvioException {
    AVPacket packet = avcodec.av_packet_alloc();
    int count = 0;
    try {
      while (demuxer.readPacket(packet)) {
        avcodec.av_packet_unref(packet);
        count++;
      }
      return count;
    } finally {
      avcodec.av_packet_free(packet);
    }
  }
}
