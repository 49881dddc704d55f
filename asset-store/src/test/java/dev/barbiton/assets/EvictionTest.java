package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EvictionTest {
  private static final int MIB = 1 << 20;
  @TempDir Path dir;

  private static void fill(AssetStore store, ResourceKey key, int size) throws Exception {
    try (AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
      w.write(0, Pattern.buffer(1, 0, size));
      w.commit(size);
    }
  }

  private boolean filesExist(ResourceKey key) {
    return Files.exists(dir.resolve(key.fileId() + StoreConfig.DATA_SUFFIX))
        || Files.exists(dir.resolve(key.fileId() + IndexFile.SUFFIX));
  }

  @Test
  void fillingPastTheBound_evictsUnpinnedResources_andDeletesTheirFiles() throws Exception {
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.Evicted.class).capacity(100).build());
        AssetStore store = AssetStore.builder(dir).maxBytes(4L * MIB).eventBus(bus).open()) {
      for (int i = 0; i < 12; i++) {
        fill(store, ResourceKey.of("r" + i), MIB);
        assertTrue(store.stats().bytesUsed() <= 4L * MIB, "after " + i + ": " + store.stats());
      }
      StoreStats stats = store.stats();
      assertEquals(12 - stats.resources(), stats.evictions());
      assertTrue(stats.evictions() >= 8, stats.toString());
      int gone = 0;
      for (int i = 0; i < 12; i++) {
        ResourceKey key = ResourceKey.of("r" + i);
        boolean present = store.keys().contains(key);
        assertEquals(present, filesExist(key), key + " files vs membership");
        if (!present) gone++;
      }
      assertEquals(stats.evictions(), gone);
      int evictedEvents = 0;
      for (Event e; (e = events.poll()) != null; ) {
        AssetEvent.Evicted evicted = (AssetEvent.Evicted) e;
        assertEquals(AssetEvent.EvictionReason.SIZE, evicted.reason());
        assertEquals(MIB, evicted.bytes());
        evictedEvents++;
      }
      assertEquals(gone, evictedEvents);
    }
  }

  @Test
  void pinnedResources_readingOrWriting_areNeverEvicted() throws Exception {
    try (AssetStore store = AssetStore.builder(dir).maxBytes(2L * MIB).open()) {
      ResourceKey reading = ResourceKey.of("reading");
      try (AssetResource reader = store.acquire(reading);
          AssetResource writing = store.acquire(ResourceKey.of("writing"));
          ResourceWriter writer = writing.claimWriter()) {
        fill(store, reading, 3 * MIB); // larger than the bound, but pinned by `reader`
        writer.write(0, Pattern.buffer(2, 0, 3 * MIB));
        for (int i = 0; i < 20; i++) fill(store, ResourceKey.of("pressure" + i), MIB);
        assertTrue(filesExist(reading));
        assertTrue(filesExist(ResourceKey.of("writing")));
        ByteBuffer dst = ByteBuffer.allocate(3 * MIB);
        while (dst.hasRemaining()) reader.readAt(dst.position(), dst);
        assertEquals(-1, Pattern.firstMismatch(1, 0, dst, 0, 3 * MIB));
        assertEquals(2, store.stats().pinned());
      }
      // Unpinned and over the bound by themselves: now they may go.
      assertTrue(store.stats().bytesUsed() <= 2L * MIB, store.stats().toString());
    }
  }

  @Test
  void remove_deletesFiles() throws Exception {
    try (AssetStore store = AssetStore.open(dir)) {
      ResourceKey key = ResourceKey.of("gone");
      fill(store, key, 1000);
      assertTrue(filesExist(key));
      assertTrue(store.remove(key));
      assertFalse(filesExist(key));
      assertFalse(store.remove(key));
      assertEquals(0, store.stats().resources());
    }
  }
}
