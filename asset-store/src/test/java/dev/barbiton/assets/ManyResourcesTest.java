package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of 10,000 resources: opening it reads every index but opens no data file, so it takes
 * a few descriptors whatever the count; a handle opens its resource's file, its close closes it.
 */
@Timeout(300)
class ManyResourcesTest {
  private static final int COUNT = 10_000;
  private static final int SIZE = 4096;
  /** The directory lock, and slack for what the JVM opens meanwhile (a jar, a log). */
  private static final int FD_SLACK = 8;
  @TempDir Path dir;

  /** The fixture: written as a store writes them, without a store (10,000 commits would force 20,000 times). */
  private void writeResources() throws IOException {
    for (int i = 0; i < COUNT; i++) {
      ResourceKey key = ResourceKey.of("resource-" + i);
      Files.write(dir.resolve(key.fileId() + StoreConfig.DATA_SUFFIX), Pattern.buffer(i, 0, SIZE).array());
      ByteRanges all = ByteRanges.empty().with(0, SIZE);
      IndexFile.write(dir.resolve(key.fileId() + IndexFile.SUFFIX), new IndexFile.Entry(key, SIZE, true,
          1_700_000_000_000L + i, ResourceMetadata.empty(), all, all, BlockChecksums.empty(), false), false);
    }
  }

  static long openDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count descriptors");
    try (Stream<Path> list = Files.list(fds)) {
      return list.count();
    }
  }

  @Test
  void tenThousandResources_storeOpensWithAFewDescriptors_andListsThemWithoutOpeningAny() throws Exception {
    writeResources();
    long before = openDescriptors();
    long start = System.nanoTime();
    try (AssetStore store = AssetStore.open(dir)) {
      long openMillis = (System.nanoTime() - start) / 1_000_000;
      long held = openDescriptors() - before;
      assertTrue(held <= FD_SLACK, "store of " + COUNT + " resources holds " + held + " descriptors");
      assertEquals(COUNT, store.stats().resources());
      List<CacheEntry> entries = store.entries();
      assertEquals(COUNT, entries.size());
      assertEquals("resource-" + (COUNT - 1), entries.get(0).key().value(), "most recently accessed first");
      assertTrue(entries.stream().allMatch(e -> e.complete() && e.cachedBytes() == SIZE && !e.pinned()));
      assertTrue(openDescriptors() - before <= FD_SLACK, "listing opened files");
      // Timing on a shared machine: the figure is `barbiton bench --only store-open`; this only catches
      // a store that opens files or sorts quadratically again.
      assertTrue(openMillis < 5_000, "open took " + openMillis + " ms");

      long idle = openDescriptors();
      ResourceKey key = ResourceKey.of("resource-42");
      try (AssetResource r = store.acquire(key)) {
        assertEquals(idle + 1, openDescriptors(), "a handle opens its resource's file");
        ByteBuffer dst = ByteBuffer.allocate(SIZE);
        while (dst.hasRemaining()) r.readAt(dst.position(), dst);
        assertEquals(-1, Pattern.firstMismatch(42, 0, dst, 0, SIZE));
        try (AssetResource second = store.acquire(key)) {
          assertEquals(idle + 1, openDescriptors(), "one file per resource, however many handles");
        }
      }
      assertEquals(idle, openDescriptors(), "closed with the last handle");
    }
  }
}
