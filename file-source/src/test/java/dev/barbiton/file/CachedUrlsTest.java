package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.CacheEntry;
import dev.barbiton.events.AssetEvent;
import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store's cache API by URL, and the eviction a media app relies on, over the loopback server. */
@Timeout(120)
class CachedUrlsTest extends SourceTestBase {
  private static final int TWENTY_MB = 20_000_000;

  private void fetch(AssetStore target, URI uri) throws Exception {
    try (FileSource source = FileSource.open(uri, FileSourceOptions.builder(target).eventBus(bus).readTimeout(DEADLINE).build())) {
      assertFinished(source);
    }
  }

  @Test
  void threeTwentyMegabyteDownloadsUnderThirtyMebibytes_theOneJustFetchedStays() throws Exception {
    URI[] movies = new URI[3];
    for (int i = 0; i < 3; i++) {
      server.serve("/movie" + i + ".mkv", MediaServer.testContent(TWENTY_MB, i));
      movies[i] = server.uri("/movie" + i + ".mkv");
    }
    try (AssetStore bounded = AssetStore.builder(dir.resolve("bounded")).maxBytes(30L << 20).eventBus(bus).open()) {
      for (URI movie : movies) {
        fetch(bounded, movie);
        assertTrue(CachedUrls.isCached(bounded, movie), movie + " stays once fetched");
      }
      assertFalse(CachedUrls.entry(bounded, movies[0]).isPresent());
      assertFalse(CachedUrls.entry(bounded, movies[1]).isPresent());
      assertEquals(TWENTY_MB, CachedUrls.cachedBytes(bounded, movies[2]));
      List<AssetEvent.Evicted> evicted = only(drainEvents(), AssetEvent.Evicted.class);
      assertEquals(2, evicted.size(), evicted.toString());
      assertTrue(evicted.stream().allMatch(e -> e.reason() == AssetEvent.EvictionReason.SIZE));
      int requests = server.requestCount();
      try (FileSource again = FileSource.open(movies[2], FileSourceOptions.builder(bounded).readTimeout(DEADLINE).build())) {
        assertArrayEquals(MediaServer.testContent(TWENTY_MB, 2), readAll(again.newInputStream()));
      }
      assertEquals(requests, server.requestCount(), "read from the cache");
    }
  }

  @Test
  void helpers_nameTheResourceFileSourceReads_anySpellingOfTheUrl() throws Exception {
    byte[] content = MediaServer.testContent(300_000, 7);
    server.serve("/clip.mp4", content);
    URI uri = server.uri("/clip.mp4");
    assertFalse(CachedUrls.isCached(store, uri));
    assertEquals(0, CachedUrls.cachedBytes(store, uri));
    fetch(store, uri);
    URI respelled = URI.create(uri.toString().replace("http://", "HTTP://"));
    assertTrue(CachedUrls.isCached(store, respelled));
    CacheEntry entry = CachedUrls.entry(store, uri).orElseThrow();
    assertEquals(content.length, entry.cachedBytes());
    assertEquals(content.length, entry.length().orElseThrow());
    assertTrue(entry.complete());
    assertFalse(entry.pinned());
    assertFalse(entry.keptOffline());
    assertEquals(CachedUrls.key(uri), entry.key());

    CachedUrls.keepOffline(store, uri);
    assertTrue(CachedUrls.entry(store, uri).orElseThrow().keptOffline());
    assertTrue(CachedUrls.release(store, uri));
    assertFalse(CachedUrls.entry(store, uri).orElseThrow().keptOffline());
    assertTrue(CachedUrls.remove(store, uri));
    assertFalse(CachedUrls.entry(store, uri).isPresent());
  }

  @Test
  void removeWhilePlaying_theSourceReadsOnToTheEnd_thenTheFileIsGone() throws Exception {
    byte[] content = MediaServer.testContent(4 << 20, 11);
    server.serve("/playing.mp4", content).throttle(1 << 20);
    URI uri = server.uri("/playing.mp4");
    try (FileSource source = open("/playing.mp4")) {
      byte[] head = new byte[1000];
      try (var in = source.newInputStream()) {
        assertEquals(1000, in.readNBytes(head, 0, head.length));
        assertTrue(CachedUrls.remove(store, uri));
        assertTrue(CachedUrls.entry(store, uri).isEmpty());
        byte[] rest = in.readAllBytes();
        assertEquals(content.length - 1000, rest.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, content.length), rest);
      }
      assertFinished(source);
    }
    assertEquals(0, store.stats().bytesAwaitingDelete());
    assertFalse(CachedUrls.entry(store, uri).isPresent());
  }
}
