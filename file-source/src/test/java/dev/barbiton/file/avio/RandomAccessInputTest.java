package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.barbiton.file.FileSource;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link RandomAccessInput} adds to the random-access contract (which {@code
 * RandomAccessSourceContractTest} runs against every input): closing, from any thread, wakes a
 * blocked read and makes later reads throw; it never closes what the input reads.
 */
@Timeout(60)
class RandomAccessInputTest extends AvioTestSupport {
  static final int LENGTH = 300_000;
  static final byte[] CONTENT = MediaServer.testContent(LENGTH, 7);

  @Test
  void bytesInput_afterClose_readThrows_closeIdempotent() {
    RandomAccessInput input = RandomAccessInput.of(CONTENT);
    input.close();
    input.close();
    assertThrows(IOException.class, () -> input.read(0, ByteBuffer.allocate(1)));
  }

  @Test
  void sourceInput_afterClose_readThrows_theSourceStaysOpen() throws Exception {
    server.serve("/c.bin", CONTENT);
    try (FileSource source = open("/c.bin")) {
      RandomAccessInput input = RandomAccessInput.of(source);
      input.close();
      input.close();
      assertThrows(IOException.class, () -> input.read(0, ByteBuffer.allocate(1)));
      assertEquals(1, source.readAt(0, ByteBuffer.allocate(1)));
    }
  }

  @Test
  void closeFromAnotherThread_wakesTheBlockedRead() throws Exception {
    server.serve("/stall.bin", CONTENT).next(Fault.stallAfter(1000));
    try (FileSource source = open("/stall.bin")) {
      RandomAccessInput input = RandomAccessInput.of(source);
      AtomicReference<Thread> reader = new AtomicReference<>();
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
        reader.set(Thread.currentThread());
        try {
          return input.read(5000, ByteBuffer.allocate(10));
        } catch (IOException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      awaitCondition("reader started", () -> reader.get() != null);
      awaitBlocked(reader.get());
      input.close();
      Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> read.get(1, TimeUnit.SECONDS)).getCause();
      assertInstanceOf(IOException.class, failure);
      assertFalse(source.phase() == dev.barbiton.events.FileEvent.Phase.COMPLETE, "the source stays open");
    }
  }
}
