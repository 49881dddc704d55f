package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.assets.StoreMetrics;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FileSource#metrics()} and {@link AssetStore#metrics()}, value by value against a real loopback server. */
@Timeout(60)
class SourceMetricsTest extends SourceTestBase {

  @Test
  void wholeDownload_countsEveryBodyByteOneRequestAndItsFirstByte() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 61);
    server.serve("/whole.bin", content);
    try (FileSource source = FileSource.open(server.uri("/whole.bin"), options().acceptAnyContent(true).build())) {
      assertFinished(source);
      server.awaitIdle(DEADLINE);
      SourceMetrics m = source.metrics();
      assertEquals(content.length, m.bytesFromNetwork());
      assertEquals(server.bodyBytesSent(), m.bytesFromNetwork());
      assertEquals(0, m.bytesFromCache());
      assertEquals(content.length, m.bytesCached());
      assertEquals(content.length, m.length().orElseThrow());
      assertEquals(server.requestCount(), m.requests());
      assertEquals(1, m.requests());
      assertEquals(0, m.failedRequests());
      assertEquals(0, m.retries());
      assertTrue(m.timeToFirstByte().isPresent(), m.toString());
      assertEquals(m.timeToFirstByte(), m.meanTimeToFirstByte(), "one response: its time is the mean");
      assertTrue(m.receivingTime().toNanos() > 0);
      assertEquals(m.bytesFromNetwork() * 1e9 / m.receivingTime().toNanos(), m.throughput(), 1e-6 * m.throughput());
      assertEquals(0, m.reads(), "the download is no reader");

      assertBytes(content, source);
      SourceMetrics read = source.metrics();
      assertEquals(content.length, read.bytesRead());
      assertTrue(read.reads() > 0);
      assertEquals(0, read.waitedReads(), "every byte was cached before the read");
      assertEquals(1.0, read.cacheHitRatio());
      assertEquals(Duration.ZERO, read.readWaitTime());
    }
  }

  @Test
  void sourceOnACompleteResource_countsItsBytesAsFromTheCacheAndSendsNothing() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 62);
    server.serve("/cached.bin", content);
    try (FileSource first = FileSource.open(server.uri("/cached.bin"), options().acceptAnyContent(true).build())) {
      assertFinished(first);
    }
    try (FileSource again = FileSource.open(server.uri("/cached.bin"), options().acceptAnyContent(true).build())) {
      assertBytes(content, again);
      SourceMetrics m = again.metrics();
      assertEquals(0, m.bytesFromNetwork());
      assertEquals(content.length, m.bytesFromCache());
      assertEquals(0, m.requests());
      assertTrue(m.timeToFirstByte().isEmpty());
      assertEquals(0.0, m.throughput());
      assertEquals(content.length, m.bytesRead());
      assertEquals(1.0, m.cacheHitRatio());
    }
    assertEquals(1, server.requestCount());
  }

  @Test
  void injectedFaults_countFailedRequestsAndRetriesByCause() throws Exception {
    byte[] content = MediaServer.testContent(2 << 20, 63);
    server.serve("/faults.bin", content)
        .onRequest(1, Fault.disconnectAfter(300_000))
        .onRequest(2, Fault.status(503))
        .onRequest(3, Fault.disconnectAfter(200_000));
    try (FileSource source = FileSource.open(server.uri("/faults.bin"), options().acceptAnyContent(true).build())) {
      assertFinished(source);
      assertBytes(content, source);
      server.awaitIdle(DEADLINE);
      SourceMetrics m = source.metrics();
      assertEquals(4, server.requestCount(), server.requests().toString());
      assertEquals(4, m.requests());
      assertEquals(3, m.failedRequests());
      assertEquals(3, m.retries());
      assertEquals(2L, m.retriesByCause().get(RetryCause.CONNECTION), m.retriesByCause().toString());
      assertEquals(1L, m.retriesByCause().get(RetryCause.HTTP_STATUS));
      assertEquals(0L, m.retriesByCause().get(RetryCause.TIMEOUT));
      // Each cut body's bytes were cached and each resume started at the first missing byte.
      assertEquals(content.length, m.bytesFromNetwork());
      long mediaBytesSent = server.requests().stream().filter(r -> r.status() == 206 || r.status() == 200)
          .mapToLong(dev.barbiton.testing.ServedRequest::bodyBytesSent).sum();
      assertEquals(mediaBytesSent, m.bytesFromNetwork(), "the 503's body is not the file's");
      assertEquals(Map.of(RetryCause.CONNECTION, 2L, RetryCause.HTTP_STATUS, 1L),
          Map.copyOf(m.retriesByCause().entrySet().stream().filter(e -> e.getValue() > 0)
              .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }
  }

  @Test
  void readerAheadOfAStalledBody_countsOneWaitAndItsTime() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 64);
    int stalledAt = 256 << 10;
    server.serve("/stall.bin", content).onRequest(1, Fault.pauseAfter(stalledAt, Duration.ofMillis(700)));
    try (FileSource source = FileSource.open(server.uri("/stall.bin"), options().acceptAnyContent(true).build())) {
      await(() -> source.metrics().bytesCached() == stalledAt, "the first bytes before the pause");
      AtomicReference<Thread> readerThread = new AtomicReference<>();
      long[] wall = new long[1];
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
        readerThread.set(Thread.currentThread());
        long start = System.nanoTime();
        try {
          return source.readAt(stalledAt, ByteBuffer.allocate(16)); // the next byte the body brings
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          wall[0] = System.nanoTime() - start;
        }
      });
      await(() -> readerThread.get() != null, "the reader's thread");
      awaitBlocked(readerThread.get());
      assertEquals(1, source.metrics().readersWaiting());
      assertTrue(read.get(DEADLINE.toSeconds(), TimeUnit.SECONDS) > 0);
      SourceMetrics m = source.metrics();
      assertEquals(1, m.reads());
      assertEquals(1, m.waitedReads());
      assertEquals(0, m.readersWaiting());
      assertEquals(0.0, m.cacheHitRatio());
      assertTrue(m.readWaitTime().toNanos() > 0 && m.readWaitTime().toNanos() <= wall[0], m + " wall " + wall[0]);
      assertFinished(source);
      assertEquals(1, m.requests(), "the reader was at the running request's next byte: no jump");
    }
  }

  @Test
  void aReadThatTimesOut_addsItsWaitButNoRead() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 65);
    server.serve("/timeout.bin", content).onRequest(1, Fault.stallAfter(64 << 10));
    FileSourceOptions slow = options().acceptAnyContent(true).readTimeout(Duration.ofMillis(150))
        .stallTimeout(Duration.ofSeconds(20)).build();
    try (FileSource source = FileSource.open(server.uri("/timeout.bin"), slow)) {
      await(() -> source.metrics().bytesCached() == 64 << 10, "the bytes before the stall");
      long start = System.nanoTime();
      assertThrows(ResourceTimeoutException.class, () -> source.readAt(64 << 10, ByteBuffer.allocate(1)));
      long wall = System.nanoTime() - start;
      SourceMetrics m = source.metrics();
      assertEquals(0, m.reads());
      assertEquals(0, m.waitedReads());
      assertTrue(m.readWaitTime().toMillis() >= 150 && m.readWaitTime().toNanos() <= wall, m.toString());
    }
  }

  @Test
  void storeMetrics_addUpItsSourcesWritesReadsAndEvictions() throws Exception {
    byte[] a = MediaServer.testContent(600 << 10, 66);
    byte[] b = MediaServer.testContent(700 << 10, 67);
    server.serve("/a.bin", a);
    server.serve("/b.bin", b);
    try (AssetStore small = AssetStore.builder(dir.resolve("small")).maxBytes(1 << 20).open()) {
      FileSourceOptions opts = FileSourceOptions.builder(small).acceptAnyContent(true).readTimeout(DEADLINE).build();
      long readA;
      try (FileSource source = FileSource.open(server.uri("/a.bin"), opts)) {
        assertFinished(source);
        assertArrayEquals(a, readAll(source.newInputStream()));
        readA = source.metrics().reads();
      }
      StoreMetrics afterA = small.metrics();
      assertEquals(a.length, afterA.bytesWritten());
      assertEquals(a.length, afterA.bytesRead());
      assertEquals(readA, afterA.reads());
      assertEquals(a.length, afterA.bytesUsed());
      assertEquals(1 << 20, afterA.maxBytes());
      assertEquals(0, afterA.evictions());
      try (FileSource source = FileSource.open(server.uri("/b.bin"), opts)) {
        assertFinished(source);
      }
      StoreMetrics after = small.metrics();
      assertEquals(a.length + b.length, after.bytesWritten());
      assertEquals(1, after.evictions(), "600 KiB + 700 KiB pass the 1 MiB bound once b is closed");
      assertTrue(after.evictedBytes() == a.length || after.evictedBytes() == b.length, after.toString());
      assertEquals(a.length + b.length, after.evictedBytes() + after.bytesUsed(), "one of the two went");
      assertEquals(1, after.resources());
      assertEquals(0, after.pinned());
      assertEquals(1.0, after.cacheHitRatio());
      assertTrue(after.uptime().compareTo(afterA.uptime()) > 0);
    }
  }

  @Test
  void readsOfCachedBytesThroughTheSourceAndAChannel_allocateNothing() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 68);
    server.serve("/alloc.bin", content);
    try (FileSource source = FileSource.open(server.uri("/alloc.bin"), options().acceptAnyContent(true).build());
        java.nio.channels.SeekableByteChannel channel = source.newChannel()) {
      assertFinished(source);
      Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      org.junit.jupiter.api.Assumptions.assumeTrue(type.isInstance(threads), "no allocation counter in this JVM");
      java.lang.reflect.Method allocated = type.getMethod("getThreadAllocatedBytes", long.class);
      long self = Thread.currentThread().getId();
      ByteBuffer dst = ByteBuffer.allocateDirect(4096);
      for (int i = 0; i < 100_000; i++) readBoth(source, channel, dst, i); // warm up: the JIT compiles the path
      long overhead = (long) allocated.invoke(threads, self);
      overhead = (long) allocated.invoke(threads, self) - overhead;
      long[] windows = new long[3];
      for (int w = 0; w < windows.length; w++) {
        long before = (long) allocated.invoke(threads, self);
        for (int i = 0; i < 100_000; i++) readBoth(source, channel, dst, i);
        windows[w] = (long) allocated.invoke(threads, self) - before - overhead;
      }
      String seen = java.util.Arrays.toString(windows) + " bytes in windows of 200,000 reads";
      assertEquals(0, java.util.Arrays.stream(windows).min().getAsLong(), seen);
      assertTrue(java.util.Arrays.stream(windows).max().getAsLong() < 1024, seen);
      assertEquals(800_000, source.metrics().reads(), "the channel's reads count as the source's");
    }
  }

  /**
   * A 4 KiB read of the source somewhere, and the channel's next byte: the channel reads on
   * without a seek (a seek publishes an event, and events are allocated).
   */
  private static void readBoth(FileSource source, java.nio.channels.SeekableByteChannel channel, ByteBuffer dst, int i)
      throws java.io.IOException {
    long pos = ((long) i * 4096 * 7) % ((1 << 20) - 4096);
    ((java.nio.Buffer) dst).clear();
    source.readAt(pos, dst);
    ((java.nio.Buffer) dst).clear().limit(1);
    channel.read(dst);
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("never: " + what);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls the condition, not a timed guess
    }
  }
}
