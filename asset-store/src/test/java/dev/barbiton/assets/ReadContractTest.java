package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The read contract of {@link AssetResource}: ends at a known length, waits below it, fails typed. */
@Timeout(30)
class ReadContractTest {
  private static final long SEED = 7;
  @TempDir Path dir;
  private AssetStore store;
  private AssetResource resource;

  @BeforeEach
  void open() throws Exception {
    store = AssetStore.open(dir);
    resource = store.acquire(ResourceKey.forUrl("https://example.com/contract.mp4"));
  }

  @AfterEach
  void close() throws Exception {
    resource.close();
    store.close();
  }

  @Test
  void readAtKnownLength_notCommitted_endsAtOnce() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.setLength(1000);
      writer.write(0, Pattern.buffer(SEED, 0, 10));
      long start = System.nanoTime();
      assertEquals(-1, resource.readAt(1000, ByteBuffer.allocate(8), Duration.ofSeconds(10)));
      assertEquals(-1, resource.readAt(5000, ByteBuffer.allocate(8), Duration.ofSeconds(10)));
      assertEquals(-1, resource.waitFor(1000, 1, Duration.ofSeconds(10)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the end did not wait for the commit");
      assertTrue(!resource.isCommitted());
    }
  }

  @Test
  void readBelowKnownLength_bytesMissing_waitsUntilTheyArrive() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.setLength(1000);
      CompletableFuture<Integer> read = inThread(() -> resource.readAt(999, ByteBuffer.allocate(4), Duration.ofSeconds(10)));
      writer.write(990, Pattern.buffer(SEED, 990, 10));
      assertEquals(1, read.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void unknownLength_readAtTheEnd_endsWhenTheLengthBecomesKnown() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.write(0, Pattern.buffer(SEED, 0, 100));
      CompletableFuture<Integer> read = inThread(() -> resource.readAt(100, ByteBuffer.allocate(4), Duration.ofSeconds(10)));
      writer.setLength(100);
      assertEquals(-1, read.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void awaitLength_waitsForTheWriterToLearnIt() throws Exception {
    try (ResourceWriter writer = resource.claimWriter()) {
      CompletableFuture<Long> length = inThread(() -> resource.awaitLength(Duration.ofSeconds(10)));
      writer.setLength(4242);
      assertEquals(4242, length.get(10, TimeUnit.SECONDS));
      assertEquals(4242, resource.awaitLength(Duration.ZERO), "a known length returns at once");
    }
  }

  @Test
  void awaitLength_unknownAfterTimeout_typedTimeoutSaysWhat() throws Exception {
    ResourceTimeoutException e = assertThrows(ResourceTimeoutException.class,
        () -> resource.awaitLength(Duration.ofMillis(30)));
    assertTrue(e.position().isEmpty());
    assertTrue(e.getMessage().contains("waiting for the length of https://example.com/contract.mp4"), e.getMessage());
  }

  @Test
  void awaitLength_writerFails_throwsWithItsCause() throws Exception {
    IOException cause = new IOException("HTTP 410 Gone");
    CompletableFuture<Long> length = inThread(() -> resource.awaitLength(Duration.ofSeconds(10)));
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.fail(cause);
    }
    ExecutionException e = assertThrows(ExecutionException.class, () -> length.get(10, TimeUnit.SECONDS));
    ResourceFailedException failed = assertInstanceOf(ResourceFailedException.class, e.getCause());
    assertSame(cause, failed.getCause());
    assertSame(cause, resource.failure().orElseThrow());
  }

  /** Runs {@code call} on a thread of its own and returns once that thread blocks in it. */
  private static <T> CompletableFuture<T> inThread(java.util.concurrent.Callable<T> call) throws InterruptedException {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "contract-reader");
    thread.start();
    Deadline.awaitBlocked(thread);
    return result;
  }
}
