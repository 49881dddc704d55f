package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class BlockedReaderTest {
  @TempDir Path dir;
  private AssetStore store;
  private AssetResource resource;

  @BeforeEach
  void open() throws Exception {
    store = AssetStore.open(dir);
    resource = store.acquire(ResourceKey.forUrl("https://example.com/v.mp4"));
  }

  @AfterEach
  void close() throws Exception {
    resource.close();
    store.close();
  }

  /** Starts a read of one byte at {@code pos} on its own thread and waits until it blocks. */
  private BlockedRead startRead(AssetResource handle, long pos, Duration timeout) throws InterruptedException {
    BlockedRead read = new BlockedRead();
    read.thread = new Thread(() -> {
      ByteBuffer dst = ByteBuffer.allocate(16);
      try {
        int n = timeout == null ? handle.readAt(pos, dst) : handle.readAt(pos, dst, timeout);
        read.result.complete(n);
      } catch (Throwable t) {
        read.interruptedAfter.set(Thread.currentThread().isInterrupted());
        read.result.completeExceptionally(t);
      }
    }, "reader-at-" + pos);
    read.thread.start();
    Deadline.awaitBlocked(read.thread);
    return read;
  }

  private static final class BlockedRead {
    Thread thread;
    final CompletableFuture<Integer> result = new CompletableFuture<>();
    final AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();

    Throwable failure() throws Exception {
      ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
      return e.getCause();
    }
  }

  @Test
  void bytesArrive_blockedReaderWakesWithThem() throws Exception {
    BlockedRead read = startRead(resource, 100, null);
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.write(0, Pattern.buffer(1, 0, 50)); // not the reader's bytes: it keeps waiting
      assertTrue(read.thread.isAlive());
      writer.write(100, Pattern.buffer(1, 100, 8));
      assertEquals(8, read.result.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void writerFails_blockedReaderGetsTheReason() throws Exception {
    BlockedRead read = startRead(resource, 10, null);
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.write(0, Pattern.buffer(1, 0, 5));
      writer.fail(new java.io.IOException("HTTP 503 from origin"));
    }
    ResourceFailedException e = assertInstanceOf(ResourceFailedException.class, read.failure());
    assertEquals("HTTP 503 from origin", e.reason());
    assertEquals("HTTP 503 from origin", e.getCause().getMessage());
    assertTrue(e.getMessage().contains("https://example.com/v.mp4"), e.getMessage());
    // The bytes that did arrive stay readable.
    assertEquals(5, resource.readAt(0, ByteBuffer.allocate(5)));
  }

  @Test
  void handleCloses_itsBlockedReaderWakes_otherHandlesKeepWaiting() throws Exception {
    AssetResource other = store.acquire(resource.key());
    BlockedRead mine = startRead(other, 0, null);
    BlockedRead theirs = startRead(resource, 0, null);
    other.close();
    assertInstanceOf(ResourceClosedException.class, mine.failure());
    assertTrue(theirs.thread.isAlive());
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.write(0, Pattern.buffer(1, 0, 1));
    }
    assertEquals(1, theirs.result.get(10, TimeUnit.SECONDS));
  }

  @Test
  void interrupt_blockedReaderThrowsInterruptedIo_andKeepsTheFlag() throws Exception {
    BlockedRead read = startRead(resource, 0, null);
    read.thread.interrupt();
    assertInstanceOf(InterruptedIOException.class, read.failure());
    assertEquals(Boolean.TRUE, read.interruptedAfter.get());
  }

  @Test
  void timeout_blockedReaderGetsTypedTimeout() throws Exception {
    ResourceTimeoutException e = assertThrows(ResourceTimeoutException.class,
        () -> resource.readAt(42, ByteBuffer.allocate(1), Duration.ofMillis(50)));
    assertEquals(42, e.position().getAsLong());
    assertTrue(e.getMessage().contains("byte 42"), e.getMessage());
  }

  @Test
  void storeCloses_blockedReaderWakes() throws Exception {
    BlockedRead read = startRead(resource, 0, null);
    store.close();
    assertInstanceOf(ResourceClosedException.class, read.failure());
  }

  @Test
  void secondWriterClaim_failsClearly_untilTheFirstCloses() throws Exception {
    ResourceWriter first = resource.claimWriter();
    WriterClaimedException e = assertThrows(WriterClaimedException.class, resource::claimWriter);
    assertTrue(e.getMessage().contains("already has a writer"), e.getMessage());
    first.close();
    resource.claimWriter().close();
  }

  @Test
  void writerThreadDies_claimIsReleased_andBytesKept() throws Exception {
    Thread doomed = new Thread(() -> {
      try (ResourceWriter writer = resource.claimWriter()) {
        writer.write(0, Pattern.buffer(3, 0, 1000));
        throw new IllegalStateException("downloader crashed");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
    doomed.setUncaughtExceptionHandler((t, ex) -> {});
    doomed.start();
    doomed.join(10_000);
    assertEquals(1000, resource.available().totalBytes());
    try (ResourceWriter next = resource.claimWriter()) {
      assertEquals(1000, next.available().contiguousFrom(0));
    }
  }

  @Test
  void writePastKnownLength_isRejectedWithTheNumbers() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.setLength(10);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(8, ByteBuffer.allocate(4)));
      assertEquals("write of 4 bytes at 8 passes the length 10", e.getMessage());
      IllegalStateException missing = assertThrows(IllegalStateException.class, () -> writer.commit(10));
      assertTrue(missing.getMessage().contains("bytes are missing from 0"), missing.getMessage());
    }
  }

  @Test
  void readerBlocks_writersDemandListenerHearsItsPosition_andItIsListedUntilServed() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      java.util.concurrent.LinkedBlockingQueue<Long> heard = new java.util.concurrent.LinkedBlockingQueue<>();
      writer.onDemand(heard::add);
      BlockedRead first = startRead(resource, 5_000_000, null);
      assertEquals(5_000_000L, heard.poll(10, TimeUnit.SECONDS));
      BlockedRead second = startRead(resource, 70, null);
      assertEquals(70L, heard.poll(10, TimeUnit.SECONDS));
      assertEquals(java.util.List.of(70L, 5_000_000L),
          java.util.Arrays.stream(writer.waitingPositions()).boxed().toList(), "most recent first");
      writer.write(70, Pattern.buffer(1, 70, 1));
      assertEquals(1, second.result.get(10, TimeUnit.SECONDS));
      Deadline.await("the served read to leave the list", java.time.Duration.ofSeconds(10),
          () -> writer.waitingPositions().length == 1);
      assertEquals(5_000_000L, writer.waitingPositions()[0]);
      writer.write(5_000_000, Pattern.buffer(1, 5_000_000, 1));
      assertEquals(1, first.result.get(10, TimeUnit.SECONDS));
    }
  }
}
