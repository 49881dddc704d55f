package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many contexts at once (JavaCPP allows only 10 live instances per callback class, so this proves
 * the one-callback-and-a-registry design), and many contexts one after another (no native leak).
 */
@Timeout(120)
class ManyDemuxersTest extends AvioTestSupport {

  @Test
  void thirtyTwoDemuxersOpenAtOnce_allDecodeEveryFrame() throws Exception {
    int count = 32;
    ByteBuffer shared = ByteBuffer.wrap(hevcFixture()).asReadOnlyBuffer();
    int before = AvioCallbacks.live();
    AtomicInteger liveWhenAllOpen = new AtomicInteger();
    // The barrier action runs once all have arrived and before any goes on: all are open then.
    CyclicBarrier allOpen = new CyclicBarrier(count, () -> liveWhenAllOpen.set(AvioCallbacks.live()));
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        results.add(pool.submit(() -> {
          try (AvioDemuxer demuxer = AvioDemuxer.open(shared); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
            allOpen.await(30, TimeUnit.SECONDS);
            return decodeAll(decoder);
          }
        }));
      }
      for (Future<int[]> result : results) {
        int[] r = result.get(60, TimeUnit.SECONDS);
        assertEquals(HEVC_VIDEO_FRAMES, r[0], "video frames");
        assertTrue(r[1] >= 86, "audio frames: " + r[1]);
      }
      assertEquals(before + count, liveWhenAllOpen.get(), "all " + count + " contexts live at once");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before, AvioCallbacks.live(), "every context freed");
  }

  /**
   * 1,000 open / decode-one-frame / close cycles on the in-memory fixture, measuring the resident
   * set. Leaking the smallest native block of a cycle, the 64 KiB AVIO buffer, grows it by 64 MB
   * (checked by removing its {@code av_free}: +66 MB); the format context and the HEVC and AAC
   * decoders are bigger. The bound of 16 MB leaves room for what is not a leak (malloc arenas, JIT
   * code, the heap settling). Measured here: +0.4 to +0.8 MB when this test runs alone, -5 to +4
   * MB after the 32-thread test in the same JVM (its threads' malloc arenas).
   */
  @Test
  void thousandOpenDecodeCloseCycles_residentSetStaysFlat() throws Exception {
    byte[] fixture = hevcFixture();
    // The first full GC of the JVM shrinks the heap, and on Java 17 G1 gives the memory back
    // concurrently, after System.gc() returns: done first, out of the measured span, or the
    // "growth" comes out about -22 MB.
    System.gc();
    for (int i = 0; i < 50; i++) openDecodeOneFrameClose(fixture); // warm-up: JIT, arenas
    System.gc();
    long before = residentKiB();
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) openDecodeOneFrameClose(fixture);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.gc();
    long after = residentKiB();
    long growthKiB = after - before;
    System.out.printf("leak check: VmRSS %d KiB -> %d KiB, growth %d KiB over 1000 cycles (%d ms)%n", before, after, growthKiB, millis);
    assertTrue(growthKiB < 16 * 1024, "resident set grew " + growthKiB + " KiB over 1000 cycles");
    assertEquals(0, AvioCallbacks.live());
  }

  private static void openDecodeOneFrameClose(byte[] fixture) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(fixture); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      nextVideoFrame(decoder);
    }
  }

  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }
}
