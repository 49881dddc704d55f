package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads acquire, write, read and release 16 resources in a store bounded at a quarter of
 * their size, so that eviction runs all the time: a held resource never loses a byte (what a
 * handle sees available never shrinks, and every byte read is right), and nothing deadlocks.
 */
class EvictionConcurrencyTest {
  private static final int RESOURCES = 16;
  private static final int SIZE = 256 << 10;
  private static final int THREADS = 32;
  private static final int ROUNDS = 60;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void thirtyTwoThreadsSixteenResourcesQuarterSizedStore_heldResourcesNeverShrink_noDeadlock() throws Exception {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    try (AssetStore store = AssetStore.builder(dir).maxBytes((long) RESOURCES * SIZE / 4).windowSize(64 << 10).open()) {
      CountDownLatch done = new CountDownLatch(THREADS);
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(t);
        Thread thread = new Thread(() -> {
          try {
            for (int round = 0; round < ROUNDS && problems.isEmpty(); round++) {
              use(store, ResourceKey.of("r" + random.nextInt(RESOURCES)), random, problems);
            }
          } catch (IOException | RuntimeException | Error e) {
            problems.add(Thread.currentThread().getName() + ": " + e);
          } finally {
            done.countDown();
          }
        }, "eviction-" + t);
        thread.setDaemon(true);
        thread.start();
      }
      if (!done.await(90, TimeUnit.SECONDS)) problems.add("not done in 90 s: a deadlock?\n" + threadDump());
      assertTrue(store.stats().evictions() > 0, "nothing was evicted: the test tested nothing");
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  /** Holds a resource: fills it if nobody has (it may have been evicted), reads it at random, lets go. */
  private static void use(AssetStore store, ResourceKey key, Random random, ConcurrentLinkedQueue<String> problems)
      throws IOException {
    long seed = key.hashCode();
    try (AssetResource resource = store.acquire(key)) {
      if (!resource.isCommitted()) {
        try (ResourceWriter writer = resource.claimWriter()) {
          if (!resource.isCommitted()) { // another thread may have finished it between the look and the claim
            for (long at = resource.available().firstMissing(0); at < SIZE; at = resource.available().firstMissing(at)) {
              int n = (int) Math.min(SIZE - at, 1 + random.nextInt(64 << 10));
              writer.write(at, Pattern.buffer(seed, at, n));
            }
            writer.commit(SIZE);
          }
        } catch (WriterClaimedException busy) {
          // Another thread fills it: read what it writes.
        }
      }
      long seen = 0;
      ByteBuffer dst = ByteBuffer.allocate(32 << 10);
      for (int i = 0; i < 20; i++) {
        long pos = random.nextInt(SIZE);
        dst.clear().limit(1 + random.nextInt(dst.capacity()));
        int n = resource.readAt(pos, dst, java.time.Duration.ofSeconds(30));
        int bad = Pattern.firstMismatch(seed, pos, dst, 0, n);
        if (n <= 0 || bad >= 0) problems.add(key + ": read at " + pos + " gave " + n + " bytes, wrong at " + bad);
        long available = resource.available().totalBytes();
        if (available < seen) problems.add(key + " shrank from " + seen + " to " + available + " while held: evicted in use");
        seen = available;
      }
    }
  }

  private static String threadDump() {
    StringBuilder b = new StringBuilder();
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    List<Thread> threads = new ArrayList<>(all.keySet());
    threads.sort(Comparator.comparing(Thread::getName));
    for (Thread t : threads) {
      b.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
      for (StackTraceElement f : all.get(t)) b.append("\tat ").append(f).append('\n');
    }
    return b.toString();
  }
}
