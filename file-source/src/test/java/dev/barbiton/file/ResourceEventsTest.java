package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.FileEvent;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.testing.MediaServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events as an app uses them: one bus for store and sources, progress of the resource, superseded requests. */
@Timeout(60)
class ResourceEventsTest extends SourceTestBase {

  @Test
  void busGivenToTheStoreOnly_carriesTheSourcesEventsAndTheCommit() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 41);
    server.serve("/one-bus.bin", content).throttle(4 << 20);
    try (EventBus shared = EventBus.create();
        Subscription all = shared.subscribe(SubscribeOptions.builder().capacity(100_000).build());
        AssetStore withBus = AssetStore.builder(dir.resolve("bus-store")).eventBus(shared).open();
        FileSource source = FileSource.open(server.uri("/one-bus.bin"), FileSourceOptions.builder(withBus).acceptAnyContent(true).build())) {
      assertFinished(source);
      List<Event> events = drain(all);
      assertFalse(only(events, FileEvent.PhaseChanged.class).isEmpty(), "the source's events: " + events);
      assertFalse(only(events, DownloadEvent.RequestStarted.class).isEmpty());
      List<FileEvent.Cached> cached = only(events, FileEvent.Cached.class);
      assertFalse(cached.isEmpty(), "progress of the resource");
      long last = -1;
      for (FileEvent.Cached c : cached) {
        assertTrue(c.bytesCached() >= last, "bytes cached never go back: " + cached);
        last = c.bytesCached();
      }
      FileEvent.Cached end = cached.get(cached.size() - 1);
      assertEquals(content.length, end.bytesCached());
      assertEquals(content.length, end.length().orElseThrow());
      awaitCommitted(all, events);
    }
  }

  @Test
  void readerFarAhead_requestIsSuperseded_notCancelled() throws Exception {
    int size = 16 << 20;
    server.serve("/jump.bin", MediaServer.testContent(size, 42)).throttle(2 << 20);
    long target = size * 9L / 10;
    try (FileSource source = FileSource.open(server.uri("/jump.bin"), options().acceptAnyContent(true).build())) {
      assertEquals("bytes=0-", server.takeRequest(DEADLINE).header("Range"));
      assertTrue(source.readAt(target, ByteBuffer.allocate(16)) > 0);
      assertEquals("bytes=" + target + "-", server.takeRequest(DEADLINE).header("Range"));
    }
    List<Event> events = drainEvents();
    List<DownloadEvent.Superseded> superseded = only(events, DownloadEvent.Superseded.class);
    assertEquals(1, superseded.size(), events.toString());
    assertEquals(target, superseded.get(0).readerPosition());
    int cancelledBeforeClose = 0;
    for (Event e : events) {
      if (e instanceof DownloadEvent.Superseded) break;
      if (e instanceof DownloadEvent.Cancelled) cancelledBeforeClose++;
    }
    assertEquals(0, cancelledBeforeClose, "a superseded request is not published as cancelled");
  }

  private static List<Event> drain(Subscription sub) {
    List<Event> all = new ArrayList<>();
    for (Event e; (e = sub.poll()) != null; ) all.add(e);
    return all;
  }

  /** The store's Committed event arrives on the same bus (published after the commit returns). */
  private static void awaitCommitted(Subscription sub, List<Event> seen) throws InterruptedException {
    if (!only(seen, AssetEvent.Committed.class).isEmpty()) return;
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < end) {
      Event e = sub.poll(java.time.Duration.ofMillis(100));
      if (e instanceof AssetEvent.Committed) return;
    }
    throw new AssertionError("no Committed event on the store's bus: " + seen);
  }
}
