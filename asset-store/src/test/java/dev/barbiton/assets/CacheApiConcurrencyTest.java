package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads that fetch, read, remove, keep, release and list the same few keys at once, under a
 * bound that evicts all the time: every byte read is right, and afterwards the directory holds
 * exactly the files of what the store lists, nothing waits to be deleted, and no file is open.
 */
@Timeout(120)
class CacheApiConcurrencyTest {
  private static final int THREADS = 4;
  private static final int OPS = 400;
  private static final int KEYS = 6;
  private static final int SIZE = 200_000;
  @TempDir Path dir;

  private static long seedOf(int key) {
    return 1000 + key;
  }

  private static void op(AssetStore store, Random random) throws Exception {
    int k = random.nextInt(KEYS);
    ResourceKey key = ResourceKey.of("k" + k);
    switch (random.nextInt(6)) {
      case 0, 1 -> {
        try (AssetResource r = store.acquire(key)) {
          if (r.isCommitted()) break;
          try (ResourceWriter w = r.claimWriter()) {
            ByteRanges have = w.available();
            for (int at = 0; at < SIZE; at += 50_000) {
              if (!have.contains(at, 50_000)) w.write(at, Pattern.buffer(seedOf(k), at, 50_000));
            }
            w.commit(SIZE);
          } catch (WriterClaimedException busy) {
            // another thread writes it
          }
        }
      }
      case 2 -> {
        try (AssetResource r = store.acquire(key)) {
          ByteRanges have = r.available();
          ByteBuffer dst = ByteBuffer.allocate(10_000);
          for (ByteRange range : have.ranges()) {
            long at = range.start();
            dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
            int n;
            try {
              n = r.readAt(at, dst, Duration.ofSeconds(5));
            } catch (ResourceTimeoutException dropped) {
              continue;
            }
            assertEquals(-1, Pattern.firstMismatch(seedOf(k), at, dst, 0, n), "a bad byte at " + at + " of " + key);
          }
        }
      }
      case 3 -> store.remove(key);
      case 4 -> {
        if (random.nextBoolean()) store.keepOffline(key); else store.release(key);
      }
      default -> {
        for (CacheEntry e : store.entries()) assertTrue(e.cachedBytes() <= SIZE, e.toString());
      }
    }
  }

  @Test
  void fetchReadRemoveKeepReleaseAtOnce_bytesRight_filesMatchTheStore_nothingLeftOpen() throws Exception {
    long descriptorsBefore = ManyResourcesTest.openDescriptors();
    try (AssetStore store = AssetStore.builder(dir).maxBytes(3L * SIZE).open()) {
      ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
      CompletableFuture<?>[] threads = new CompletableFuture<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(t);
        threads[t] = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < OPS; i++) op(store, random);
          } catch (Throwable e) {
            problems.add(e);
          }
        });
      }
      CompletableFuture.allOf(threads).get();
      if (!problems.isEmpty()) throw new AssertionError(problems.size() + " problems, first:", problems.peek());

      assertEquals(0, store.stats().bytesAwaitingDelete());
      assertEquals(0, store.stats().pinned());
      Set<String> listed = new HashSet<>();
      for (CacheEntry e : store.entries()) {
        if (e.cachedBytes() > 0) listed.add(e.key().fileId() + StoreConfig.DATA_SUFFIX);
        listed.add(e.key().fileId() + IndexFile.SUFFIX);
      }
      long unpinnedBytes = store.entries().stream().filter(e -> !e.keptOffline()).mapToLong(CacheEntry::cachedBytes).sum();
      assertTrue(unpinnedBytes <= 3L * SIZE, "over the bound: " + store.entries());
      assertEquals(listed, filesIn(dir), "the files are exactly those of the listed resources");
      assertTrue(ManyResourcesTest.openDescriptors() - descriptorsBefore <= 4, "descriptors left open");
    }
  }

  private static Set<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).collect(Collectors.toSet());
    }
  }
}
