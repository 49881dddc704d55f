package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes of a committed resource changed on disk while the store was closed (a bad sector,
 * another program): reads never return them, verify finds each, and a refetch brings the
 * origin's bytes back.
 */
@Timeout(60)
class CorruptDataTest {
  private static final long SEED = 21;
  /** 60 blocks and a partial one. */
  private static final int LENGTH = 60 * DataFiles.BLOCK + 12_345;
  private static final ResourceKey KEY = ResourceKey.of("flipped");

  @TempDir Path dir;

  private void writeCommitted() throws Exception {
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(KEY); ResourceWriter w = r.claimWriter()) {
      w.setLength(LENGTH);
      // Out of order, in pieces that straddle blocks: every block is summed when complete.
      for (long[] chunk : ConcurrentReadWriteTest.randomChunks(new Random(SEED), LENGTH)) {
        w.write(chunk[0], Pattern.buffer(SEED, chunk[0], (int) chunk[1]));
      }
      w.commit(LENGTH);
    }
  }

  private static List<ByteRange> badBlocks(Subscription events) {
    List<ByteRange> bad = new ArrayList<>();
    for (Event e; (e = events.poll()) != null; ) {
      if (e instanceof AssetEvent.BadBlock b) bad.add(new ByteRange(b.offset(), b.offset() + b.length()));
    }
    return bad;
  }

  private static void readAllAndCompare(AssetResource resource) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(100_000);
    for (long at = 0; at < LENGTH; ) {
      dst.clear();
      int n = resource.readAt(at, dst, Duration.ofSeconds(20));
      assertEquals(-1, Pattern.firstMismatch(SEED, at, dst, 0, n), "a bad byte was served near " + at);
      at += n;
    }
    assertEquals(-1, resource.readAt(LENGTH, dst.clear()));
  }

  @Test
  void flippedBytesInRandomBlocks_readerWaitsForTheRefetch_getsTheOriginsBytes_eventsNameTheBlocks() throws Exception {
    writeCommitted();
    List<ByteRange> flipped = DataFiles.flipInRandomBlocks(DataFiles.dataFile(dir, KEY), LENGTH, 7, new Random(3));
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.BadBlock.class).capacity(100).build());
        AssetStore store = AssetStore.builder(dir).eventBus(bus).open();
        AssetResource resource = store.acquire(KEY)) {
      assertTrue(resource.isCommitted(), "nothing is known bad before a read");
      List<ByteRange> heard = new CopyOnWriteArrayList<>();
      resource.onBadBlock(heard::add);
      try (Refetcher refetcher = new Refetcher(resource, SEED, LENGTH)) {
        readAllAndCompare(resource);
        refetcher.awaitCommitted();
        assertEquals(ByteRanges.of(flipped), refetcher.written(), "exactly the bad blocks were fetched again");
      }
      // Adjacent bad blocks found at once make one event.
      assertEquals(ByteRanges.of(flipped), ByteRanges.of(badBlocks(events)));
      assertEquals(ByteRanges.of(flipped), ByteRanges.of(heard));
      assertTrue(resource.isCommitted());
      // Checked once: a second pass reads the refetched and the verified bytes alike, checking nothing.
      long checked = resource.state().verifier().blocksChecked();
      assertEquals(61, checked);
      readAllAndCompare(resource);
      assertEquals(checked, resource.state().verifier().blocksChecked());
    }
    try (AssetStore store = AssetStore.open(dir)) {
      VerifyResult result = store.verify(KEY);
      assertEquals(List.of(), result.badBlocks(), "the refetched blocks have checksums of their own");
      assertEquals(61, result.blocksChecked());
      assertEquals(LENGTH, result.bytesChecked());
      assertEquals(0, result.bytesWithoutChecksum());
    }
  }

  @Test
  void verify_findsEveryFlip_dropsExactlyThoseBlocks_andASecondVerifyFindsNothing() throws Exception {
    writeCommitted();
    List<ByteRange> flipped = DataFiles.flipInRandomBlocks(DataFiles.dataFile(dir, KEY), LENGTH, 12, new Random(4));
    try (AssetStore store = AssetStore.open(dir)) {
      VerifyResult result = store.verify(KEY);
      assertEquals(flipped, result.badBlocks());
      assertEquals(61, result.blocksChecked());
      assertEquals(LENGTH, result.bytesChecked());
      try (AssetResource resource = store.acquire(KEY)) {
        assertFalse(resource.isCommitted());
        assertEquals(LENGTH - result.badBytes(), resource.available().totalBytes());
        for (ByteRange bad : flipped) assertFalse(resource.available().intersects(bad.start(), bad.end()), bad.toString());
      }
      assertEquals(List.of(), store.verify(KEY).badBlocks());
      assertEquals(List.of(), store.verifyAll().get(0).badBlocks());
    }
    // The index written at close no longer claims them.
    try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(KEY)) {
      assertEquals(LENGTH - 12L * DataFiles.BLOCK + (DataFiles.BLOCK - 12_345), resource.available().totalBytes());
    }
  }

  @Test
  void truncatedDataFile_blocksPastItsEndAreBad_restRefetched() throws Exception {
    writeCommitted();
    long cut = 20L * DataFiles.BLOCK + 777;
    DataFiles.truncate(DataFiles.dataFile(dir, KEY), cut);
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.BadBlock.class).capacity(100).build());
        AssetStore store = AssetStore.builder(dir).eventBus(bus).open();
        AssetResource resource = store.acquire(KEY)) {
      assertEquals(List.of(new ByteRange(20L * DataFiles.BLOCK, LENGTH)), badBlocks(events));
      assertFalse(resource.isCommitted());
      assertEquals(List.of(new ByteRange(0, 20L * DataFiles.BLOCK)), resource.available().ranges());
      try (Refetcher refetcher = new Refetcher(resource, SEED, LENGTH)) {
        readAllAndCompare(resource);
        refetcher.awaitCommitted();
      }
    }
  }

  @Test
  void everyByteOfTheDataFileZeroed_nothingIsServed_untilRefetched() throws Exception {
    writeCommitted();
    DataFiles.overwriteTail(DataFiles.dataFile(dir, KEY), 0, false, new Random(1));
    try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(KEY)) {
      assertTrue(resource.contains(0, LENGTH));
      ResourceTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(ResourceTimeoutException.class,
          () -> resource.readAt(0, ByteBuffer.allocate(10), Duration.ofMillis(20)));
      assertEquals(0, e.position().getAsLong());
      assertFalse(resource.contains(0, DataFiles.BLOCK), "the first block was checked and dropped");
      assertTrue(resource.contains(BlockVerifier.READ_AHEAD, LENGTH - BlockVerifier.READ_AHEAD), "no farther than the read's reach");
    }
  }
}
