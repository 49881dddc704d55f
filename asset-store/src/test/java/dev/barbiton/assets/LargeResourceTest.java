package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LargeResourceTest {
  private static final long SEED = 99;
  @TempDir Path dir;

  @Test
  void sparseResourcePast4GiB_readsAndWritesBeyond2Pow31And2Pow32() throws Exception {
    long length = (5L << 30) + 12345;
    long[] offsets = {0, (1L << 31) - 7, (1L << 32) - 3, (1L << 32) + 1, length - 100};
    try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(ResourceKey.of("huge"))) {
      try (ResourceWriter writer = resource.claimWriter()) {
        writer.setLength(length);
        for (long at : offsets) writer.write(at, Pattern.buffer(SEED, at, 100));
      }
      for (long at : offsets) {
        ByteBuffer dst = ByteBuffer.allocate(100);
        // A read that crosses a window boundary (2^31 and 2^32 are window boundaries) in one call.
        while (dst.hasRemaining()) {
          int n = resource.readAt(at + dst.position(), dst, Duration.ofSeconds(5));
          assertTrue(n > 0);
        }
        assertEquals(-1, Pattern.firstMismatch(SEED, at, dst, 0, 100), "at " + at);
      }
      assertFalse(resource.contains(1L << 33, 1));
      assertEquals(length, resource.length().getAsLong());
    }
    // Sparse: the file claims 5 GiB but holds a few pages.
    try (var files = Files.list(dir)) {
      Path data = files.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
      assertEquals(length, Files.size(data));
    }
    try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(ResourceKey.of("huge"))) {
      ByteBuffer dst = ByteBuffer.allocate(100);
      long at = (1L << 32) + 1;
      assertEquals(100, resource.readAt(at, dst));
      assertEquals(-1, Pattern.firstMismatch(SEED, at, dst, 0, 100));
    }
  }

  @Test
  void unknownLength_growsWhileWriting_andEndsOnlyAtCommit() throws Exception {
    try (AssetStore store = AssetStore.builder(dir).windowSize(64 << 10).open();
        AssetResource resource = store.acquire(ResourceKey.of("live"));
        ResourceWriter writer = resource.claimWriter()) {
      long pos = 0;
      for (int i = 0; i < 50; i++) {
        int n = 10_000 + i;
        writer.write(pos, Pattern.buffer(SEED, pos, n));
        pos += n;
        assertTrue(resource.length().isEmpty());
      }
      ByteBuffer dst = ByteBuffer.allocate(1);
      // No EOF before commit: a read at the end waits (here: times out).
      long end = pos;
      org.junit.jupiter.api.Assertions.assertThrows(ResourceTimeoutException.class,
          () -> resource.readAt(end, dst, Duration.ofMillis(20)));
      writer.commit(end);
      assertEquals(-1, resource.readAt(end, dst));
      assertEquals(end, resource.length().getAsLong());
      ByteBuffer all = ByteBuffer.allocate((int) end);
      while (all.hasRemaining()) resource.readAt(all.position(), all);
      assertEquals(-1, Pattern.firstMismatch(SEED, 0, all, 0, (int) end));
      // Trimmed to the final length on commit.
      try (var files = Files.list(dir)) {
        Path data = files.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
        assertEquals(end, Files.size(data));
      }
    }
  }
}
