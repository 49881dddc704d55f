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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which resource goes: least recently used by default, kept-offline ones never, old ones by age. */
@Timeout(60)
class EvictionPolicyTest {
  private static final int MIB = 1 << 20;
  private static final int TWENTY_MB = 20_000_000;
  @TempDir Path dir;

  /** Fetched as a download does: a handle and its writer open while it is written, then closed. */
  private static void fetch(AssetStore store, ResourceKey key, int size) throws Exception {
    try (AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
      for (int at = 0; at < size; at += MIB) w.write(at, Pattern.buffer(key.hashCode(), at, Math.min(MIB, size - at)));
      w.commit(size);
    }
  }

  private boolean filesExist(ResourceKey key) {
    return Files.exists(dir.resolve(key.fileId() + StoreConfig.DATA_SUFFIX));
  }

  private static List<String> evicted(Subscription events) {
    List<String> keys = new ArrayList<>();
    for (Event e; (e = events.poll()) != null; ) {
      AssetEvent.Evicted ev = (AssetEvent.Evicted) e;
      keys.add(ev.meta().source() + " " + ev.reason());
    }
    return keys;
  }

  @Test
  void threeTwentyMegabyteFilesUnderThirtyMebibytes_theJustFetchedOneStays_theOldestGoes() throws Exception {
    ResourceKey first = ResourceKey.of("first.mkv");
    ResourceKey second = ResourceKey.of("second.mkv");
    ResourceKey third = ResourceKey.of("movie.mkv");
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.Evicted.class).capacity(100).build());
        AssetStore store = AssetStore.builder(dir).maxBytes(30L * MIB).eventBus(bus).open()) {
      fetch(store, first, TWENTY_MB);
      assertTrue(store.isCached(first));
      fetch(store, second, TWENTY_MB);
      assertFalse(store.entry(first).isPresent(), "the oldest went when the second arrived");
      assertTrue(store.isCached(second));
      fetch(store, third, TWENTY_MB);
      assertTrue(store.isCached(third), "the file that just finished stays");
      assertEquals(TWENTY_MB, store.cachedBytes(third));
      assertFalse(store.entry(second).isPresent());
      assertFalse(filesExist(first));
      assertFalse(filesExist(second));
      assertTrue(filesExist(third));
      assertEquals(List.of("first.mkv SIZE", "second.mkv SIZE"), evicted(events));
      try (AssetResource r = store.acquire(third)) {
        ByteBuffer dst = ByteBuffer.allocate(MIB);
        r.readAt(TWENTY_MB - MIB, dst);
        assertEquals(-1, Pattern.firstMismatch(third.hashCode(), TWENTY_MB - MIB, dst, 0, MIB));
      }
    }
  }

  @Test
  void leastRecentlyUsed_anAccessMovesAResourceToTheBack() throws Exception {
    ResourceKey a = ResourceKey.of("a");
    ResourceKey b = ResourceKey.of("b");
    try (AssetStore store = AssetStore.builder(dir).maxBytes(5L * MIB).open()) {
      fetch(store, a, 2 * MIB);
      fetch(store, b, 2 * MIB);
      awaitClockPast(store.entry(b).orElseThrow().lastAccess().toEpochMilli());
      store.acquire(a).close(); // a played again: b is now the least recently used
      fetch(store, ResourceKey.of("c"), 2 * MIB);
      assertTrue(store.isCached(a));
      assertFalse(store.entry(b).isPresent());
    }
  }

  @Test
  void keptOffline_neverEvicted_survivesRestart_releaseMakesItEvictableAgain() throws Exception {
    ResourceKey kept = ResourceKey.of("offline.mp4");
    try (AssetStore store = AssetStore.builder(dir).maxBytes(3L * MIB).open()) {
      store.keepOffline(kept); // before the download, as a download manager does
      assertTrue(store.entry(kept).orElseThrow().keptOffline());
      fetch(store, kept, 2 * MIB);
      for (int i = 0; i < 5; i++) fetch(store, ResourceKey.of("pressure" + i), 2 * MIB);
      assertTrue(store.isCached(kept));
      assertEquals(1, store.stats().keptOffline());
    }
    try (AssetStore store = AssetStore.builder(dir).maxBytes(3L * MIB).open()) {
      CacheEntry entry = store.entry(kept).orElseThrow();
      assertTrue(entry.keptOffline(), "the mark is persisted");
      assertTrue(entry.complete());
      fetch(store, ResourceKey.of("more"), 2 * MIB);
      assertTrue(store.isCached(kept));
      assertTrue(store.release(kept));
      assertFalse(store.release(kept), "released already");
      assertFalse(store.entry(kept).isPresent(), "over the bound once released: the oldest goes");
    }
  }

  @Test
  void keptOffline_withNoBytes_staysAcrossRestart_releaseRemovesIt() throws Exception {
    ResourceKey planned = ResourceKey.forUrl(java.net.URI.create("https://example.com/later.mp4?token=secret"));
    try (AssetStore store = AssetStore.open(dir)) {
      store.keepOffline(planned);
    }
    try (AssetStore store = AssetStore.open(dir)) {
      CacheEntry entry = store.entry(planned).orElseThrow();
      assertTrue(entry.keptOffline());
      assertEquals(0, entry.cachedBytes());
      assertTrue(store.release(planned));
      assertFalse(store.entry(planned).isPresent());
    }
    assertFalse(Files.exists(dir.resolve(planned.fileId() + IndexFile.SUFFIX)));
  }

  @Test
  void expireAfterAccess_evictsWhatWasNotUsedForThatLong_butNotWhatIsKept() throws Exception {
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.Evicted.class).capacity(100).build());
        AssetStore store = AssetStore.builder(dir).expireAfterAccess(Duration.ofMillis(50)).eventBus(bus).open()) {
      ResourceKey old = ResourceKey.of("old");
      ResourceKey kept = ResourceKey.of("kept");
      fetch(store, old, 1000);
      fetch(store, kept, 1000);
      store.keepOffline(kept);
      awaitClockPast(store.entry(old).orElseThrow().lastAccess().toEpochMilli() + 50);
      fetch(store, ResourceKey.of("new"), 1000); // any use of the store checks ages
      assertFalse(store.entry(old).isPresent());
      assertTrue(store.isCached(kept));
      assertTrue(store.isCached(ResourceKey.of("new")));
      assertEquals(List.of("old EXPIRED"), evicted(events));
    }
  }

  @Test
  void frequencyPolicy_stillBoundsTheStore() throws Exception {
    try (AssetStore store = AssetStore.builder(dir).maxBytes(4L * MIB).eviction(EvictionPolicy.FREQUENCY).open()) {
      for (int i = 0; i < 10; i++) {
        fetch(store, ResourceKey.of("r" + i), MIB);
        assertTrue(store.stats().bytesUsed() <= 4L * MIB, store.stats().toString());
      }
      assertTrue(store.stats().evictions() >= 6, store.stats().toString());
    }
  }

  /** Waits until the wall clock is past {@code millis}, so that the next access is later. */
  private static void awaitClockPast(long millis) throws InterruptedException {
    Deadline.await("the clock to pass " + millis, Duration.ofSeconds(5), () -> System.currentTimeMillis() > millis);
  }
}
