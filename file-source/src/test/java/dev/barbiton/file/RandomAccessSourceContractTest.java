package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.assets.ResourceWriter;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link RandomAccessSource} contract, one set of awkward reads run against every
 * implementation: one byte at a time, odd sizes, across mapping windows (64 KiB here), anywhere in
 * any order, the last byte, the exact end and past it, no room, a negative position — on bytes in
 * memory, a file channel, a cache resource, a resource a concurrent writer fills in random order,
 * a downloading {@link FileSource}, and FFmpeg's input over each kind.
 */
@Timeout(60)
class RandomAccessSourceContractTest {
  static final int WINDOW = 64 << 10;
  static final int LENGTH = 5 * WINDOW + 1234;
  static final byte[] CONTENT = MediaServer.testContent(LENGTH, 11);

  abstract static class Contract extends LoopbackStoreFixture {
    final List<AutoCloseable> toClose = new ArrayList<>();

    /** A new source over {@link #CONTENT}. */
    abstract RandomAccessSource newSource() throws Exception;

    @AfterEach
    void closeAll() throws Exception {
      Collections.reverse(toClose);
      for (AutoCloseable c : toClose) c.close();
    }

    @Test
    void oneByteAtATimeThenOddSizes_readsEveryByte() throws Exception {
      RandomAccessSource source = newSource();
      byte[] got = new byte[LENGTH];
      long position = 0;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (position < 4096) {
        one.clear();
        assertEquals(1, source.read(position, one));
        got[(int) position++] = one.get(0);
      }
      ByteBuffer odd = ByteBuffer.allocateDirect(7777);
      while (position < LENGTH) {
        odd.clear();
        int n = source.read(position, odd);
        assertTrue(n > 0 && n <= 7777, "read " + n + " at " + position);
        odd.flip().get(got, (int) position, n);
        position += n;
      }
      assertArrayEquals(CONTENT, got);
      assertEquals(LENGTH, source.length().orElseThrow());
    }

    @Test
    void readsAcrossWindowBoundaries_andAnywhereInAnyOrder() throws Exception {
      RandomAccessSource source = newSource();
      for (int position : new int[] {3 * WINDOW - 50, LENGTH - 10, 0, WINDOW - 1, 2 * WINDOW, 4 * WINDOW - 7}) {
        byte[] want = java.util.Arrays.copyOfRange(CONTENT, position, Math.min(LENGTH, position + 100));
        ByteBuffer dst = ByteBuffer.allocate(want.length);
        while (dst.hasRemaining()) assertTrue(source.read(position + dst.position(), dst) > 0);
        assertArrayEquals(want, dst.array(), "100 bytes at " + position);
      }
    }

    @Test
    void lastByte_thenTheExactEndAndPastIt_endOfStreamAtOnce() throws Exception {
      RandomAccessSource source = newSource();
      ByteBuffer dst = ByteBuffer.allocate(100);
      assertEquals(1, source.read(LENGTH - 1, dst));
      assertEquals(CONTENT[LENGTH - 1], dst.get(0));
      long start = System.nanoTime();
      assertEquals(-1, source.read(LENGTH, ByteBuffer.allocate(100)));
      assertEquals(-1, source.read(LENGTH + 12345L, ByteBuffer.allocate(100)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the end did not wait");
    }

    @Test
    void noRoom_zero_negativePosition_illegal() throws Exception {
      RandomAccessSource source = newSource();
      assertEquals(0, source.read(10, ByteBuffer.allocate(0)));
      assertThrows(IllegalArgumentException.class, () -> source.read(-1, ByteBuffer.allocate(1)));
    }

    /** A store with small windows, so that reads cross them. */
    AssetStore smallWindowStore() throws IOException {
      AssetStore small = AssetStore.builder(dir.resolve("small")).windowSize(WINDOW).open();
      toClose.add(small);
      return small;
    }

    FileSource throttledSource() throws IOException {
      server.serve("/c.bin", CONTENT).throttle(4 << 20);
      FileSource source = FileSource.open(server.uri("/c.bin"), FileSourceOptions.builder(smallWindowStore())
          .acceptAnyContent(true).readTimeout(Duration.ofSeconds(30)).build());
      toClose.add(source);
      return source;
    }
  }

  @Nested
  class BytesInMemory extends Contract {
    @Override
    RandomAccessSource newSource() {
      return RandomAccessSource.of(CONTENT);
    }
  }

  @Nested
  class DirectBufferSlices extends Contract {
    @Override
    RandomAccessSource newSource() {
      ByteBuffer padded = ByteBuffer.allocateDirect(LENGTH + 100);
      padded.position(50);
      padded.put(CONTENT).flip().position(50);
      return RandomAccessSource.of(padded);
    }
  }

  @Nested
  class FileChannels extends Contract {
    @Override
    RandomAccessSource newSource() throws IOException {
      Path file = Files.write(dir.resolve("content.bin"), CONTENT);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      toClose.add(channel);
      return RandomAccessSource.of(channel);
    }
  }

  @Nested
  class CommittedResources extends Contract {
    @Override
    RandomAccessSource newSource() throws IOException {
      AssetStore small = smallWindowStore();
      AssetResource resource = small.acquire(ResourceKey.of("committed"));
      toClose.add(resource);
      try (ResourceWriter writer = resource.claimWriter()) {
        writer.write(0, ByteBuffer.wrap(CONTENT));
        writer.commit(LENGTH);
      }
      return resource;
    }
  }

  /** A writer fills the resource in random order, 10 KB at a time, while the reads run. */
  @Nested
  class ResourcesUnderAConcurrentWriter extends Contract {
    @Override
    RandomAccessSource newSource() throws IOException {
      AssetStore small = smallWindowStore();
      AssetResource resource = small.acquire(ResourceKey.of("filling"));
      toClose.add(resource);
      ResourceWriter writer = resource.claimWriter();
      writer.setLength(LENGTH);
      List<Integer> chunks = new ArrayList<>();
      for (int at = 0; at < LENGTH; at += 10_000) chunks.add(at);
      Collections.shuffle(chunks, new Random(5));
      Thread filler = new Thread(() -> {
        try (writer) {
          for (int at : chunks) writer.write(at, ByteBuffer.wrap(CONTENT, at, Math.min(10_000, LENGTH - at)));
          writer.commit(LENGTH);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "filler");
      filler.start();
      toClose.add(() -> filler.join(10_000));
      return resource;
    }
  }

  @Nested
  class DownloadingFileSources extends Contract {
    @Override
    RandomAccessSource newSource() throws IOException {
      return throttledSource();
    }
  }

  @Nested
  class FfmpegInputsOverDownloadingSources extends Contract {
    @Override
    RandomAccessSource newSource() throws IOException {
      RandomAccessInput input = RandomAccessInput.of(throttledSource());
      toClose.add(input);
      return input;
    }
  }

  @Nested
  class FfmpegInputsOverBytes extends Contract {
    @Override
    RandomAccessSource newSource() {
      RandomAccessInput input = RandomAccessInput.of(CONTENT);
      toClose.add(input);
      return input;
    }
  }
}
