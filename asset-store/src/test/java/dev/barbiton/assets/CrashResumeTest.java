package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.time.Duration;
import dev.barbiton.testing.ChildJava;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes with periodic flushes and is killed with SIGKILL mid-write; on reopen every
 * claimed range must be byte-exact and nothing flushed before the last completed flush lost.
 */
class CrashResumeTest {
  private static final long SIZE = 48L << 20;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void killedWriter_reopenedStoreClaimsOnlyFlushedBytes_allByteExact() throws Exception {
    long seed = 1234;
    Random random = new Random(seed);
    long claimedBefore = 0;
    for (int round = 0; round < 4; round++) {
      long lastFlushed = -1;
      try (ChildJava child = ChildJava.start(CrashWriterMain.class, List.of(), dir.toString(), Long.toString(seed), Long.toString(SIZE))) {
        int flushesToSee = 1 + random.nextInt(6);
        for (int seen = 0; seen < flushesToSee; ) {
          String line = child.nextLine(Duration.ofSeconds(60));
          if (line.equals("committed") || line.equals("<eof>")) break;
          if (line.startsWith("flushed ")) {
            lastFlushed = Long.parseLong(line.substring(8));
            seen++;
          }
        }
        child.kill(); // SIGKILL, somewhere in the middle of the next writes
      }
      try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(ResourceKey.of("crash"))) {
        ByteRanges claimed = resource.available();
        assertTrue(claimed.totalBytes() >= lastFlushed,
            "round " + round + ": index claims " + claimed.totalBytes() + " bytes, last flush reported " + lastFlushed);
        assertTrue(claimed.totalBytes() >= claimedBefore, "a restart lost flushed bytes");
        verify(resource, claimed, seed);
        claimedBefore = claimed.totalBytes();
      }
    }
    assertTrue(claimedBefore > 0);
  }

  private static void verify(AssetResource resource, ByteRanges claimed, long seed) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(1 << 20);
    for (ByteRange range : claimed.ranges()) {
      long at = range.start();
      while (at < range.end()) {
        dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
        int n = resource.readAt(at, dst);
        int bad = Pattern.firstMismatch(seed, at, dst, 0, n);
        assertEquals(-1, bad, "claimed byte " + (at + bad) + " is wrong");
        at += n;
      }
    }
  }
}
