package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.FileEvent;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cached bytes that changed on disk while no store was open (a bad sector, another program, a
 * write torn by a power loss) are never served: the blocks that fail their check are fetched
 * again, and a read of them waits for that, whether the resource was complete or partial.
 */
@Timeout(60)
class BadBlockRefetchTest extends SourceTestBase {
  private static final int BLOCK = 64 << 10;

  /** Flips one byte in each of the given blocks of the store's one data file, the store closed. */
  private void flipBlocks(long... blocks) throws Exception {
    store.close();
    Path data;
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      data = files.filter(f -> f.toString().endsWith(".data")).findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long block : blocks) {
        long at = block * BLOCK + 1000;
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, at);
        one.put(0, (byte) ~one.get(0)).clear();
        channel.write(one, at);
      }
    }
    store = AssetStore.builder(dir.resolve("cache")).eventBus(bus).open();
  }

  private List<ByteRange> badBlockEvents() {
    List<ByteRange> bad = new ArrayList<>();
    for (AssetEvent.BadBlock b : only(drainEvents(), AssetEvent.BadBlock.class)) {
      bad.add(new ByteRange(b.offset(), b.offset() + b.length()));
    }
    return bad;
  }

  @Test
  void completeResourceWithFlippedBlocks_opensComplete_readsTheOriginsBytes_refetchingOnlyThoseBlocks() throws Exception {
    byte[] content = dev.barbiton.testing.MediaServer.testContent(40 * BLOCK + 5000, 41);
    server.serve("/c.mp4", content);
    try (FileSource source = open("/c.mp4")) {
      assertFinished(source);
    }
    flipBlocks(3, 17, 40);
    server.awaitIdle(DEADLINE);
    int requestsBefore = server.requestCount();
    drainEvents();
    try (FileSource source = open("/c.mp4")) {
      assertEquals(FileEvent.Phase.COMPLETE, source.phase(), "complete in the store: no request to open it");
      assertBytes(content, source);
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(source));
      server.awaitIdle(DEADLINE);
      assertTrue(source.available().contains(0, content.length));
    }
    List<ServedRequest> refetches = server.requests().subList(requestsBefore, server.requestCount());
    ByteRanges fetched = ByteRanges.empty();
    for (ServedRequest r : refetches) {
      assertEquals(206, r.status(), r.toString());
      long start = Long.parseLong(r.header("Range").substring(6, r.header("Range").indexOf('-')));
      fetched = fetched.with(start, start + r.bodyBytesSent());
    }
    ByteRanges bad = ByteRanges.of(List.of(new ByteRange(3 * BLOCK, 4 * BLOCK), new ByteRange(17 * BLOCK, 18 * BLOCK),
        new ByteRange(40L * BLOCK, content.length)));
    assertEquals(bad, fetched, "fetched again: the bad blocks, nothing else");
    assertEquals(bad.ranges(), badBlockEvents());
    try (AssetStore reopened = reopen()) {
      assertEquals(List.of(), reopened.verifyAll().get(0).badBlocks());
    }
  }

  @Test
  void partialResourceWithAFlippedBlock_resumes_andTheReaderGetsThatBlockFetchedAgain() throws Exception {
    byte[] content = dev.barbiton.testing.MediaServer.testContent(64 * BLOCK, 42);
    server.serve("/p.mp4", content).throttle(8 << 20);
    try (FileSource source = open("/p.mp4")) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (source.available().firstMissing(0) < 20 * BLOCK) {
        if (System.nanoTime() > deadline) throw new AssertionError("no progress: " + source.available());
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
      }
    }
    server.resource("/p.mp4").throttle(0);
    flipBlocks(5);
    drainEvents();
    try (FileSource source = open("/p.mp4")) {
      assertBytes(content, source);
      assertFinished(source);
    }
    assertEquals(List.of(new ByteRange(5 * BLOCK, 6 * BLOCK)), badBlockEvents());
    try (AssetStore reopened = reopen()) {
      assertEquals(List.of(), reopened.verifyAll().get(0).badBlocks());
    }
  }

  /** The test's store closed, and another opened on its directory (closed by the caller). */
  private AssetStore reopen() throws Exception {
    store.close();
    return AssetStore.open(dir.resolve("cache"));
  }

  @Test
  void verifyAfterRestart_dropsTheBadBlock_andTheNextSourceFetchesIt() throws Exception {
    byte[] content = dev.barbiton.testing.MediaServer.testContent(10 * BLOCK, 43);
    server.serve("/v.mp4", content);
    try (FileSource source = open("/v.mp4")) {
      assertFinished(source);
    }
    flipBlocks(9);
    assertEquals(List.of(new ByteRange(9 * BLOCK, 10 * BLOCK)), store.verifyAll().get(0).badBlocks());
    try (FileSource source = open("/v.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    ServedRequest last = server.requests().get(server.requestCount() - 1);
    assertEquals("bytes=" + 9 * BLOCK + "-", last.header("Range"));
  }
}
