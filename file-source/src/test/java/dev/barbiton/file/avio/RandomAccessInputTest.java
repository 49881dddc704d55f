package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.FileSource;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link RandomAccessInput} contract, run against every implementation with awkward reads:
 * one byte at a time, odd sizes, the exact end, past the end, no room, after close.
 */
@Timeout(60)
class RandomAccessInputTest {
  static final int LENGTH = 300_000;
  static final byte[] CONTENT = MediaServer.testContent(LENGTH, 7);

  abstract static class Contract extends AvioTestSupport {
    final List<AutoCloseable> toClose = new ArrayList<>();

    /** A new input over {@link #CONTENT}. */
    abstract RandomAccessInput newInput() throws IOException;

    /** Called before reads at and past the end. */
    void beforeReadingAtTheEnd() throws Exception {}

    @AfterEach
    void closeAll() throws Exception {
      for (AutoCloseable c : toClose) c.close();
    }

    @Test
    void oneByteAtATimeThenOddSizes_readsEveryByte() throws IOException {
      try (RandomAccessInput input = newInput()) {
        byte[] got = new byte[LENGTH];
        long position = 0;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (position < 4096) {
          one.clear();
          assertEquals(1, input.read(position, one));
          got[(int) position++] = one.get(0);
        }
        ByteBuffer odd = ByteBuffer.allocateDirect(7777);
        while (position < LENGTH) {
          odd.clear();
          int n = input.read(position, odd);
          assertTrue(n > 0 && n <= 7777, "read " + n);
          odd.flip().get(got, (int) position, n);
          position += n;
        }
        assertArrayEquals(CONTENT, got);
        assertEquals(LENGTH, input.length().orElseThrow());
      }
    }

    @Test
    void readsAnywhere_inAnyOrder() throws IOException {
      try (RandomAccessInput input = newInput()) {
        for (int position : new int[] {LENGTH - 10, 0, 150_001, 65_535, 65_536}) {
          ByteBuffer dst = ByteBuffer.allocate(10);
          int n = input.read(position, dst);
          assertTrue(n > 0);
          for (int i = 0; i < n; i++) assertEquals(CONTENT[position + i], dst.get(i), "byte " + (position + i));
        }
      }
    }

    @Test
    void lastByte_one_exactEnd_andPastEnd_minusOne() throws Exception {
      try (RandomAccessInput input = newInput()) {
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(1, input.read(LENGTH - 1, dst));
        assertEquals(CONTENT[LENGTH - 1], dst.get(0));
        beforeReadingAtTheEnd();
        assertEquals(-1, input.read(LENGTH, ByteBuffer.allocate(100)));
        assertEquals(-1, input.read(LENGTH + 12345, ByteBuffer.allocate(100)));
      }
    }

    @Test
    void noRoom_zero_negativePosition_illegal() throws IOException {
      try (RandomAccessInput input = newInput()) {
        assertEquals(0, input.read(10, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> input.read(-1, ByteBuffer.allocate(1)));
      }
    }

    @Test
    void afterClose_readThrows_closeIdempotent() throws IOException {
      RandomAccessInput input = newInput();
      input.close();
      input.close();
      assertThrows(IOException.class, () -> input.read(0, ByteBuffer.allocate(1)));
    }
  }

  @Nested
  class ByteArrays extends Contract {
    @Override
    RandomAccessInput newInput() {
      return RandomAccessInput.of(CONTENT);
    }
  }

  @Nested
  class HeapBufferSlices extends Contract {
    @Override
    RandomAccessInput newInput() {
      byte[] padded = new byte[LENGTH + 100];
      System.arraycopy(CONTENT, 0, padded, 50, LENGTH);
      return RandomAccessInput.of(ByteBuffer.wrap(padded, 50, LENGTH));
    }
  }

  @Nested
  class DirectBuffers extends Contract {
    @Override
    RandomAccessInput newInput() {
      return RandomAccessInput.of(ByteBuffer.allocateDirect(LENGTH).put(CONTENT).flip());
    }
  }

  @Nested
  class ThrottledFileSources extends Contract {
    FileSource source;

    @Override
    RandomAccessInput newInput() throws IOException {
      if (source == null) {
        server.serve("/c.bin", CONTENT).throttle(2 << 20);
        source = open("/c.bin");
        toClose.add(source);
      }
      return RandomAccessInput.of(source);
    }

    /**
     * Waits for the download to finish, because of the driver problem {@link
     * #readAtLengthWhileHolesRemain_minusOneOnceCommitted} shows.
     */
    @Override
    void beforeReadingAtTheEnd() throws Exception {
      source.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A reader blocked at the length (where FFmpeg looks for EOF) while holes remain before it
     * waits for the commit and gets -1; its wait must not be taken for a demand that cancels the
     * running request again and again.
     */
    @Test
    void readAtLengthWhileHolesRemain_minusOneOnceCommitted() throws IOException {
      try (RandomAccessInput input = newInput()) {
        assertEquals(1, input.read(LENGTH - 1, ByteBuffer.allocate(100))); // moves the download to the end
        assertEquals(-1, input.read(LENGTH, ByteBuffer.allocate(100)));
      }
    }

    @Test
    void closeFromAnotherThread_wakesTheBlockedRead() throws Exception {
      server.serve("/stall.bin", CONTENT).next(Fault.stallAfter(1000));
      FileSource source = open("/stall.bin");
      toClose.add(source);
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
