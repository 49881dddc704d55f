package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of cached bytes allocate nothing, counted in the store's and a group's read counters: the
 * bytes this thread allocated over windows of 200,000 reads, measured by the JVM.
 */
@Timeout(60)
class ReadAllocationTest {
  private static final int SIZE = 1 << 20;
  @TempDir Path dir;

  @Test
  void readsOfCachedBytes_allocateNothing_andAreCounted() throws Exception {
    // Through reflection: this module does not read java.management, and need not.
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    Method allocated = allocatedBytesMethod(threads);
    long self = Thread.currentThread().getId();
    try (AssetStore store = AssetStore.open(dir)) {
      ResourceKey key = ResourceKey.of("alloc");
      try (AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
        w.write(0, Pattern.buffer(3, 0, SIZE));
        w.commit(SIZE);
      }
      ReadCounters counters = store.newReadCounters();
      try (AssetResource handle = store.acquire(key, counters)) {
        ByteBuffer heap = ByteBuffer.allocate(4096);
        ByteBuffer direct = ByteBuffer.allocateDirect(4096);
        Duration timeout = Duration.ofSeconds(5);
        for (int round = 0; round < 5; round++) readLoop(handle, heap, direct, timeout, 50_000); // warm up: the JIT compiles the path
        long overhead = (long) allocated.invoke(threads, self);
        overhead = (long) allocated.invoke(threads, self) - overhead; // what measuring itself costs
        // Three windows of 200,000 reads: none may allocate per read (that would be 3.2 MB or more),
        // and one must allocate nothing at all. Seen on a loaded machine: 144 bytes once in one
        // window, the JVM's own one-time work (a LongAdder's cell, a recompilation), never again.
        long[] windows = new long[3];
        long bytes = 0;
        for (int w = 0; w < windows.length; w++) {
          long before = (long) allocated.invoke(threads, self);
          bytes += readLoop(handle, heap, direct, timeout, 200_000);
          windows[w] = (long) allocated.invoke(threads, self) - before - overhead;
        }
        String seen = java.util.Arrays.toString(windows) + " bytes in windows of 200,000 reads";
        assertEquals(0, java.util.Arrays.stream(windows).min().getAsLong(), seen);
        assertTrue(java.util.Arrays.stream(windows).max().getAsLong() < 1024, seen);
        assertEquals(850_000, counters.reads());
        assertEquals(850_000L * 4096, counters.bytesRead());
        assertEquals(0, counters.waitedReads());
        assertEquals(600_000L * 4096, bytes);
        assertEquals(counters.reads(), store.metrics().reads(), "the store counts them too");
      }
    }
  }

  private static long readLoop(AssetResource handle, ByteBuffer heap, ByteBuffer direct, Duration timeout, int reads)
      throws Exception {
    long total = 0;
    for (int i = 0; i < reads; i++) {
      ByteBuffer dst = (i & 1) == 0 ? heap : direct;
      ((Buffer) dst).clear();
      long pos = ((long) i * 4096 * 7) % (SIZE - 4096);
      total += (i & 2) == 0 ? handle.readAt(pos, dst) : handle.readAt(pos, dst, timeout);
    }
    return total;
  }

  /** {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}, where the JVM has it. */
  private static Method allocatedBytesMethod(Object threads) throws Exception {
    Class<?> type;
    try {
      type = Class.forName("com.sun.management.ThreadMXBean");
    } catch (ClassNotFoundException e) {
      type = null;
    }
    assumeTrue(type != null && type.isInstance(threads), "no allocation counter in this JVM");
    return type.getMethod("getThreadAllocatedBytes", long.class);
  }
}
