package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.testing.ChildJava;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM writes and is killed with SIGKILL. With the default settings a restart loses at
 * most the last index interval. A power loss is simulated too: nothing was ever forced, so the
 * data file's tail (what the disk had not received) is replaced by zeros or garbage; then no bad
 * byte is ever served, and the bytes before the damage still are.
 */
@Timeout(120)
class PowerLossTest {
  private static final long SEED = 77;
  private static final long SIZE = 16L << 20;
  private static final ResourceKey KEY = ResourceKey.of("steady");
  /**
   * The default index cadence's bytes (at the child's pace 256 KiB take longer than the index's
   * 20 ms gap, so the bytes decide), plus the partial block a restart drops.
   */
  private static final long MAX_LOSS = (256 << 10) + DataFiles.BLOCK;

  @TempDir Path dir;

  /** Runs the writer until it reported {@code atLeast} bytes, kills it; returns the last end it reported. */
  private long writeAndKill(String mode, long atLeast) throws Exception {
    long reported = 0;
    try (ChildJava child = ChildJava.start(SteadyWriterMain.class, List.of(), dir.toString(), Long.toString(SEED),
        Long.toString(SIZE), mode)) {
      while (reported < atLeast) {
        String line = child.nextLine(Duration.ofSeconds(60));
        if (!line.startsWith("wrote ")) throw new AssertionError("child: " + line + "\n" + child.stderr());
        reported = Long.parseLong(line.substring(6));
      }
      child.kill();
    }
    return reported;
  }

  @Test
  void killedWithDefaults_restartLosesAtMostTheLastIndexInterval_andEveryClaimedByteIsRight() throws Exception {
    Random random = new Random(SEED);
    long before = 0;
    for (int round = 0; round < 3; round++) {
      long reported = writeAndKill("defaults", before + (512 << 10) + random.nextInt(1 << 20));
      try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(KEY)) {
        long kept = resource.available().firstMissing(0);
        assertTrue(kept >= reported - MAX_LOSS, "round " + round + ": child wrote " + reported + ", store kept " + kept);
        readClaimed(resource, resource.available(), true);
        before = kept;
      }
    }
  }

  @ParameterizedTest(name = "tail replaced by {0}")
  @ValueSource(strings = {"zeros", "garbage"})
  void powerLossBeforeAnyForce_tailLost_nothingBadServed_bytesBeforeItAre(String damage) throws Exception {
    long reported = writeAndKill("no-force", 4 << 20);
    Random random = new Random(damage.hashCode());
    long lostFrom = (1 << 20) + random.nextInt((int) (reported - (2 << 20)));
    DataFiles.overwriteTail(DataFiles.dataFile(dir, KEY), lostFrom, damage.equals("garbage"), random);
    long firstBad = lostFrom / DataFiles.BLOCK * DataFiles.BLOCK;
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.BadBlock.class).capacity(1000).build());
        AssetStore store = AssetStore.builder(dir).eventBus(bus).open();
        AssetResource resource = store.acquire(KEY)) {
      ByteRanges claimed = resource.available();
      assertTrue(claimed.end() > lostFrom, "the index claims bytes the loss took: " + claimed);
      long served = readClaimed(resource, claimed, false);
      assertEquals(firstBad, served, "every byte before the damaged block served, none after");
      ByteRanges bad = ByteRanges.empty();
      for (Event e; (e = events.poll()) != null; ) {
        AssetEvent.BadBlock b = (AssetEvent.BadBlock) e;
        bad = bad.with(b.offset(), b.offset() + b.length());
      }
      assertEquals(List.of(new ByteRange(firstBad, claimed.end())), bad.ranges());
      assertFalse(resource.available().intersects(firstBad, SIZE));
    }
  }

  /**
   * Reads every claimed byte, waiting 20 ms at most for one: each byte served must be the
   * pattern's. Returns the bytes served; {@code all} asserts that every claimed byte was.
   */
  private static long readClaimed(AssetResource resource, ByteRanges claimed, boolean all) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(1 << 20);
    long served = 0;
    for (ByteRange range : claimed.ranges()) {
      for (long at = range.start(); at < range.end(); ) {
        dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
        int n;
        try {
          n = resource.readAt(at, dst, Duration.ofMillis(20));
        } catch (ResourceTimeoutException e) {
          assertFalse(all, "claimed byte " + at + " not served");
          at = (at / DataFiles.BLOCK + 1) * DataFiles.BLOCK;
          continue;
        }
        int bad = Pattern.firstMismatch(SEED, at, dst, 0, n);
        assertEquals(-1, bad, "a bad byte was served at " + (at + bad));
        at += n;
        served += n;
      }
    }
    return served;
  }
}
