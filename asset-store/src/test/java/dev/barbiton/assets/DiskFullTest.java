package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.SmallDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that fills the disk (a 1 MiB tmpfs) gets a {@link StorageException} naming its
 * resource at the failing write, never a JVM error (writes go through the channel, not the
 * mapping); readers of what was published read on; the store reopens consistent and the other
 * resources are intact.
 */
@Timeout(60)
class DiskFullTest {
  @TempDir Path dir;
  private SmallDisk disk;

  @BeforeEach
  void mount() throws Exception {
    try {
      disk = SmallDisk.mount(dir.resolve("small"), "1m");
    } catch (SmallDisk.CannotMount e) {
      org.junit.jupiter.api.Assumptions.abort(e.getMessage());
    }
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) disk.close();
  }

  @Test
  void writingPastTheFreeSpace_storageExceptionNamingTheResource_publishedBytesStayExact() throws Exception {
    Path cache = disk.path().resolve("cache");
    ResourceKey other = ResourceKey.of("other");
    ResourceKey big = ResourceKey.forUrl("https://media.example/big.mp4?token=s3cret");
    ConcurrentLinkedQueue<String> readerProblems = new ConcurrentLinkedQueue<>();
    long published = -1;
    try (AssetStore store = AssetStore.builder(cache).flushBytes(128 << 10).open()) {
      try (AssetResource r = store.acquire(other); ResourceWriter w = r.claimWriter()) {
        w.write(0, Pattern.buffer(7, 0, 100_000));
        w.commit(100_000);
      }
      try (AssetResource resource = store.acquire(big); ResourceWriter writer = resource.claimWriter()) {
        writer.setLength(8 << 20); // sparse: the space is taken by writes, not by sizing
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readPublished(resource, writing, readerProblems), "reader");
        reader.start();
        StorageException e = null;
        long pos = 0;
        try {
          for (; pos < (8 << 20); pos += 64 << 10) writer.write(pos, Pattern.buffer(3, pos, 64 << 10));
        } catch (StorageException full) {
          e = full;
        } finally {
          writing.set(false);
          reader.join();
        }
        assertTrue(e != null, "8 MiB fit on a 1 MiB disk?");
        assertTrue(e.getMessage().contains("https://media.example/big.mp4?token=***"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(resource.contains(pos, 1), "the failed write was published");
        published = resource.available().totalBytes();
        assertEquals(pos, published, "every write before the failing one is published");
        long failedAt = published;
        try {
          writer.fail(new java.io.IOException("disk full"));
        } catch (StorageException persisting) {
          // Its flush may not fit either; readers were told all the same.
        }
        assertThrows(ResourceFailedException.class, () -> resource.readAt(failedAt, ByteBuffer.allocate(1)));
      } catch (StorageException closing) {
        // Flushing on close fails on a full disk too: the index on disk stays the last good one.
      }
    } catch (StorageException closing) {
      // Same for the store's close.
    }
    assertTrue(readerProblems.isEmpty(), readerProblems::toString);
    try (AssetStore store = AssetStore.open(cache)) {
      try (AssetResource r = store.acquire(other)) {
        assertTrue(r.isCommitted(), "the other resource survived");
        assertBytes(r, 7);
      }
      try (AssetResource r = store.acquire(big)) {
        assertFalse(r.isCommitted());
        assertTrue(r.available().totalBytes() <= published, r.available().toString());
        assertBytes(r, 3);
      }
      assertTrue(store.remove(big));
      assertFalse(store.keys().contains(big));
      // (Its space comes back once the JVM drops the mappings of the deleted file: mappings
      // cannot be unmapped safely on demand.)
    }
  }

  /** Reads what the writer publishes, checking every byte, until it stops writing. */
  private static void readPublished(AssetResource resource, AtomicBoolean writing, ConcurrentLinkedQueue<String> problems) {
    ByteBuffer dst = ByteBuffer.allocate(64 << 10);
    long at = 0;
    try {
      while (writing.get() || resource.contains(at, 1)) {
        dst.clear();
        int n;
        try {
          n = resource.readAt(at, dst, Duration.ofMillis(20));
        } catch (ResourceTimeoutException notYet) {
          continue; // look at the writer's flag again
        }
        int bad = Pattern.firstMismatch(3, at, dst, 0, n);
        if (bad >= 0) problems.add("byte " + (at + bad) + " is wrong");
        at += n;
      }
    } catch (IOException | RuntimeException | Error e) {
      problems.add("reader at " + at + ": " + e);
    }
  }

  /** Every claimed byte of {@code r} follows the pattern of {@code seed}. */
  private static void assertBytes(AssetResource r, long seed) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(64 << 10);
    for (ByteRange range : r.available().ranges()) {
      for (long at = range.start(); at < range.end(); ) {
        dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
        int n = r.readAt(at, dst);
        assertEquals(-1, Pattern.firstMismatch(seed, at, dst, 0, n), "claimed byte at " + at);
        at += n;
      }
    }
  }
}
