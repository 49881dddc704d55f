package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The block checksums in the index: when they are made, what they claim, and indexes without them. */
@Timeout(60)
class IndexChecksumsTest {
  private static final long SEED = 31;
  @TempDir Path dir;

  @Test
  void twoWritersOutOfOrder_everyIndexWrittenMeanwhile_claimsChecksumsOnlyOfWrittenBytes() throws Exception {
    int size = 16 << 20;
    ResourceKey key = ResourceKey.of("two-writers");
    Path index = dir.resolve(key.fileId() + IndexFile.SUFFIX);
    int[] expected = new int[size / DataFiles.BLOCK];
    for (int b = 0; b < expected.length; b++) expected[b] = patternCrc((long) b * DataFiles.BLOCK, (long) (b + 1) * DataFiles.BLOCK);
    try (AssetStore store = AssetStore.builder(dir).indexBytes(32 << 10).open();
        AssetResource resource = store.acquire(key);
        ResourceWriter writer = resource.claimWriter()) {
      List<long[]> chunks = ConcurrentReadWriteTest.randomChunks(new Random(SEED), size);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        // Indexes written as often as can be, besides those the writes make due.
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Future<?> indexer = pool.submit(() -> {
          while (writing.get()) resource.state().flush(false);
          return null;
        });
        Future<?>[] writers = new Future<?>[2];
        for (int w = 0; w < 2; w++) {
          int half = w;
          writers[w] = pool.submit(() -> {
            for (long[] c : chunks) {
              if ((c[0] < size / 2) == (half == 0)) writer.write(c[0], Pattern.buffer(SEED, c[0], (int) c[1]));
            }
            return null;
          });
        }
        int indexesSeen = 0;
        long blocksSeen = 0;
        while (!writers[0].isDone() || !writers[1].isDone()) {
          if (!Files.exists(index)) continue;
          blocksSeen += checkClaims(IndexFile.read(index), size, expected);
          indexesSeen++;
        }
        for (Future<?> f : writers) f.get(30, TimeUnit.SECONDS);
        writing.set(false);
        indexer.get(30, TimeUnit.SECONDS);
        assertTrue(indexesSeen > 3, "indexes seen while writing: " + indexesSeen);
        assertTrue(blocksSeen > 0);
      } finally {
        pool.shutdownNow();
      }
      writer.commit(size);
      IndexFile.Entry committed = IndexFile.read(index);
      assertEquals(size / DataFiles.BLOCK, checkClaims(committed, size, expected), "every block summed at the commit");
    }
  }

  private static int patternCrc(long start, long end) {
    Crc32c crc = Crc32c.create();
    crc.update(Pattern.buffer(SEED, start, (int) (end - start)));
    return crc.value();
  }

  private static long checkClaims(IndexFile.Entry entry, long length) {
    return checkClaims(entry, length, null);
  }

  /**
   * Asserts that each block the index has a checksum for is stored and summed right (against
   * {@code expected}, per block, when given); returns how many.
   */
  private static long checkClaims(IndexFile.Entry entry, long length, int[] expected) {
    BlockChecksums sums = entry.checksums();
    long blocks = 0;
    for (long b = sums.nextWithChecksum(0); b >= 0; b = sums.nextWithChecksum(b + 1)) {
      long start = sums.start(b);
      long end = sums.end(b, length);
      assertTrue(entry.ranges().contains(start, end - start), "checksum of block " + b + " beyond " + entry.ranges());
      int want = expected != null ? expected[(int) b] : patternCrc(start, end);
      assertEquals(want, sums.get(b), "checksum of block " + b);
      blocks++;
    }
    return blocks;
  }

  @Test
  void lastPartialBlock_isSummedAtTheCommit_andAnUnknownLengthsPartialBlockStaysUnsummed() throws Exception {
    ResourceKey key = ResourceKey.of("partial");
    Path index = dir.resolve(key.fileId() + IndexFile.SUFFIX);
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
      w.write(0, Pattern.buffer(SEED, 0, DataFiles.BLOCK + 100));
      w.flush();
      assertEquals(1, checkClaims(IndexFile.read(index), -1), "the full block only");
      w.commit(DataFiles.BLOCK + 100);
      assertEquals(2, checkClaims(IndexFile.read(index), DataFiles.BLOCK + 100));
    }
  }

  @Test
  void firstVersionIndex_loadsAsBefore_trusted_andGainsChecksumsWhenNextWritten() throws Exception {
    int length = 5 * DataFiles.BLOCK + 99;
    ResourceKey key = ResourceKey.of("old-cache");
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
      w.write(0, Pattern.buffer(SEED, 0, length));
      w.commit(length);
    }
    Path index = dir.resolve(key.fileId() + IndexFile.SUFFIX);
    Files.write(index, firstVersionIndex(key, length, List.of(new ByteRange(0, length))));
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(key)) {
      assertTrue(r.isCommitted());
      ByteBuffer dst = ByteBuffer.allocate(length);
      while (dst.hasRemaining()) r.readAt(dst.position(), dst, Duration.ofSeconds(5));
      assertEquals(-1, Pattern.firstMismatch(SEED, 0, dst, 0, length));
      assertEquals(0, r.state().verifier().blocksChecked(), "nothing to check them by");
      VerifyResult before = store.verify(key);
      assertEquals(0, before.blocksChecked());
      assertEquals(length, before.bytesWithoutChecksum());
    }
    try (AssetStore store = AssetStore.open(dir)) {
      VerifyResult after = store.verify(key);
      assertEquals(6, after.blocksChecked(), "summed when the index was written at close");
      assertEquals(0, after.bytesWithoutChecksum());
      assertEquals(List.of(), after.badBlocks());
    }
  }

  /** An index as version 1 wrote it: no forced ranges, no checksums. */
  static byte[] firstVersionIndex(ResourceKey key, long length, List<ByteRange> ranges) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("BRBTIDX\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeInt(1);
    out.writeInt(key.qualified().length());
    out.writeChars(key.qualified());
    out.writeLong(length);
    out.writeBoolean(true);
    out.writeLong(System.currentTimeMillis());
    for (int i = 0; i < 3; i++) out.writeBoolean(false); // etag, last-modified, content type
    out.writeInt(0);
    out.writeInt(ranges.size());
    for (ByteRange r : ranges) {
      out.writeLong(r.start());
      out.writeLong(r.end());
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  @Test
  void cleanClose_keepsAnUnknownLengthsPartialBlock_forcedThoughUnsummed() throws Exception {
    ResourceKey key = ResourceKey.of("forced-tail");
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
      w.write(0, Pattern.buffer(SEED, 0, 3 * DataFiles.BLOCK + 10));
    }
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(key)) {
      assertEquals(List.of(new ByteRange(0, 3 * DataFiles.BLOCK + 10)), r.available().ranges());
      VerifyResult result = store.verify(key);
      assertEquals(3, result.blocksChecked());
      assertEquals(10, result.bytesWithoutChecksum());
      assertFalse(r.isCommitted());
    }
  }
}
