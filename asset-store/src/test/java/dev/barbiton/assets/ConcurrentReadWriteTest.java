package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReadWriteTest {
  private static final long SEED = 7;
  private static final int SIZE = 64 << 20;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void randomOrderWrites_sixteenBlockingReaders_everyByteReadEqualsTheSource() throws Exception {
    // Small windows, so that reads and writes cross window boundaries all the time.
    try (AssetStore store = AssetStore.builder(dir).windowSize(1 << 20).flushBytes(16 << 20).open();
        AssetResource resource = store.acquire(ResourceKey.of("big"))) {
      List<long[]> chunks = randomChunks(new Random(SEED), SIZE);
      ExecutorService pool = Executors.newFixedThreadPool(17);
      try {
        AtomicLong bytesVerified = new AtomicLong();
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
          long readerSeed = r;
          readers.add(pool.submit(() -> readRandomRanges(resource, new Random(readerSeed), bytesVerified)));
        }
        Future<?> writer = pool.submit(() -> {
          try (ResourceWriter w = resource.claimWriter()) {
            for (long[] chunk : chunks) w.write(chunk[0], Pattern.buffer(SEED, chunk[0], (int) chunk[1]));
            w.commit(SIZE);
          }
          return null;
        });
        writer.get(60, TimeUnit.SECONDS);
        for (Future<?> reader : readers) reader.get(60, TimeUnit.SECONDS);
        assertTrue(bytesVerified.get() > SIZE, "readers verified " + bytesVerified.get() + " bytes");
      } finally {
        pool.shutdownNow();
      }
      assertTrue(resource.isCommitted());
      assertEquals(-1, resource.readAt(SIZE, ByteBuffer.allocate(1)));
    }
  }

  private static Void readRandomRanges(AssetResource resource, Random random, AtomicLong verified) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(300_000);
    for (int i = 0; i < 40; i++) {
      long pos = random.nextInt(SIZE);
      int len = 1 + random.nextInt(dst.capacity());
      long end = Math.min(SIZE, pos + len);
      // waitFor the whole range, then read it: every blocking read returns at least one byte.
      resource.waitFor(pos, end - pos, Duration.ofSeconds(60));
      long at = pos;
      while (at < end) {
        dst.clear().limit((int) Math.min(dst.capacity(), end - at));
        int n = resource.readAt(at, dst, Duration.ofSeconds(60));
        assertTrue(n > 0, "read at " + at + " returned " + n);
        int bad = Pattern.firstMismatch(SEED, at, dst, 0, n);
        assertEquals(-1, bad, "wrong byte at " + (at + bad));
        at += n;
        verified.addAndGet(n);
      }
      // A blocking read of a single byte somewhere not yet written: wakes when it arrives.
      long probe = random.nextInt(SIZE);
      ByteBuffer one = ByteBuffer.allocate(1);
      assertEquals(1, resource.readAt(probe, one, Duration.ofSeconds(60)));
      assertEquals(Pattern.at(SEED, probe), one.get(0), "byte at " + probe);
    }
    return null;
  }

  /** Chunks of 1 byte to 256 KiB covering [0, size), in random order. */
  static List<long[]> randomChunks(Random random, long size) {
    List<long[]> chunks = new ArrayList<>();
    long pos = 0;
    while (pos < size) {
      int len = (int) Math.min(size - pos, random.nextInt(10) == 0 ? 1 + random.nextInt(64) : 1 + random.nextInt(256 << 10));
      chunks.add(new long[] {pos, len});
      pos += len;
    }
    Collections.shuffle(chunks, random);
    return chunks;
  }
}
