package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceKey;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.file.FileSource;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DownloadManagerTest extends ManagerTestBase {

  @Test
  void wholeFile_completesPublishesEachStateAndProgress() throws Exception {
    byte[] content = MediaServer.testContent(600_000, 1);
    server.serve("/a.bin", content);
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/a.bin")).build());
    awaitState(m, d.id(), DownloadState.COMPLETED);
    assertEquals(List.of("QUEUED", "DOWNLOADING", "COMPLETED"), states(d.id()));
    Download done = m.get(d.id()).orElseThrow();
    assertEquals(600_000, done.bytesCached());
    assertEquals(Optional.of(1.0), done.fraction());
    assertArrayEquals(content, cached(ResourceKey.forUrl(server.uri("/a.bin")), 0, content.length));
    List<DownloadEvent.OfflineProgress> progress = eventsOf(DownloadEvent.OfflineProgress.class, p -> p.downloadId().equals(d.id()));
    assertFalse(progress.isEmpty());
    assertEquals(600_000, progress.get(progress.size() - 1).bytesCached());
  }

  @Test
  void byteRange_fetchesOnlyThoseBytes() throws Exception {
    byte[] content = MediaServer.testContent(2_000_000, 2);
    server.serve("/r.bin", content);
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/r.bin")).range(DownloadRange.bytes(100_000, 300_000)).build());
    awaitState(m, d.id(), DownloadState.COMPLETED);
    assertEquals(200_000, m.get(d.id()).orElseThrow().bytesCached());
    assertEquals(java.util.OptionalLong.of(200_000), m.get(d.id()).orElseThrow().bytesTotal());
    ResourceKey key = ResourceKey.forUrl(server.uri("/r.bin"));
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 100_000, 300_000), cached(key, 100_000, 300_000));
    assertEquals("bytes=100000-299999", server.requests().get(0).header("Range"));
    assertEquals(200_000, server.bodyBytesSent(), "nothing outside the range was fetched");
  }

  @Test
  void restartMidQueue_newManagerContinuesFromCachedBytes() throws Exception {
    byte[] a = MediaServer.testContent(800_000, 3);
    byte[] b = MediaServer.testContent(300_000, 4);
    server.serve("/a.bin", a).throttle(1_000_000);
    server.serve("/b.bin", b);
    DownloadManager first = open(managerBuilder().parallelism(1));
    first.start();
    Download da = first.add(DownloadRequest.builder(server.uri("/a.bin")).build());
    Download db = first.add(DownloadRequest.builder(server.uri("/b.bin")).build());
    await("a partly cached", () -> first.get(da.id()).orElseThrow().bytesCached() > 200_000);
    assertEquals(DownloadState.QUEUED, first.get(db.id()).orElseThrow().state(), "parallelism 1: b waits");
    restartStore();

    server.resource("/a.bin").throttle(0);
    DownloadManager second = open(managerBuilder().parallelism(1));
    assertEquals(List.of(DownloadState.QUEUED, DownloadState.QUEUED), second.list().stream().map(Download::state).toList());
    second.start();
    assertTrue(second.awaitIdle(DEADLINE));
    assertEquals(DownloadState.COMPLETED, second.get(da.id()).orElseThrow().state());
    assertEquals(DownloadState.COMPLETED, second.get(db.id()).orElseThrow().state());
    assertArrayEquals(a, cached(ResourceKey.forUrl(server.uri("/a.bin")), 0, a.length));
    assertArrayEquals(b, cached(ResourceKey.forUrl(server.uri("/b.bin")), 0, b.length));
    List<ServedRequest> ofA = server.requests().stream().filter(r -> r.path().equals("/a.bin")).toList();
    String resumedRange = ofA.get(ofA.size() - 1).header("Range");
    long resumedFrom = Long.parseLong(resumedRange.substring("bytes=".length(), resumedRange.indexOf('-')));
    assertTrue(resumedFrom > 200_000, "continued from its cached bytes: " + resumedRange);
  }

  @Test
  void pauseThenResume_stopsTheNetworkAndContinuesWhereItWas() throws Exception {
    byte[] content = MediaServer.testContent(800_000, 5);
    server.serve("/p.bin", content).throttle(1_000_000);
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/p.bin")).build());
    await("some bytes", () -> m.get(d.id()).orElseThrow().bytesCached() > 100_000);
    Download paused = m.pause(d.id(), "user tapped pause");
    assertEquals(DownloadState.PAUSED, paused.state());
    assertEquals(Optional.of("user tapped pause"), paused.stopReason());
    server.awaitIdle(DEADLINE); // the connection ended: nothing is fetched while paused
    int requests = server.requestCount();
    assertTrue(m.awaitIdle(DEADLINE), "a paused download leaves the queue idle");
    DownloadEvent.OfflineStateChanged pause = transitions(d.id()).get(2);
    assertEquals("PAUSED", pause.to());
    assertEquals("user tapped pause", pause.detail());

    server.resource("/p.bin").throttle(0);
    m.resume(d.id());
    awaitState(m, d.id(), DownloadState.COMPLETED);
    assertEquals(requests + 1, server.requestCount());
    String range = server.requests().get(requests).header("Range");
    assertTrue(Long.parseLong(range.substring(6, range.indexOf('-'))) >= 100_000, range);
    assertArrayEquals(content, cached(ResourceKey.forUrl(server.uri("/p.bin")), 0, content.length));
    assertEquals(List.of("QUEUED", "DOWNLOADING", "PAUSED", "QUEUED", "DOWNLOADING", "COMPLETED"), states(d.id()));
  }

  @Test
  void conditionFlips_holdAndStopAndRestartDownloads() throws Exception {
    byte[] content = MediaServer.testContent(800_000, 6);
    server.serve("/c.bin", content).throttle(1_000_000);
    AtomicBoolean unmetered = new AtomicBoolean(false);
    DownloadManager m = open(managerBuilder().condition(unmetered::get));
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/c.bin")).build());
    m.conditionChanged();
    assertEquals(DownloadState.QUEUED, m.get(d.id()).orElseThrow().state());
    assertEquals(0, server.requestCount(), "no request while the condition is false");

    unmetered.set(true);
    m.conditionChanged();
    await("bytes", () -> m.get(d.id()).orElseThrow().bytesCached() > 50_000);
    unmetered.set(false); // not signalled: the running download sees it at its next tick
    awaitState(m, d.id(), DownloadState.QUEUED);
    server.awaitIdle(DEADLINE);
    int requests = server.requestCount();

    server.resource("/c.bin").throttle(0);
    unmetered.set(true);
    m.conditionChanged();
    awaitState(m, d.id(), DownloadState.COMPLETED);
    assertEquals(requests + 1, server.requestCount());
    assertArrayEquals(content, cached(ResourceKey.forUrl(server.uri("/c.bin")), 0, content.length));
  }

  @Test
  void priorities_startHighestFirst_andParallelismBoundsRunning() throws Exception {
    AtomicBoolean allowed = new AtomicBoolean(false);
    DownloadManager m = open(managerBuilder().parallelism(2).condition(allowed::get));
    m.start();
    int[] priorities = {0, 5, 1, 3};
    String[] ids = new String[4];
    for (int i = 0; i < 4; i++) {
      server.serve("/" + i, MediaServer.testContent(300_000, 10 + i)).throttle(2_000_000);
      ids[i] = m.add(DownloadRequest.builder(server.uri("/" + i)).priority(priorities[i]).build()).id();
    }
    allowed.set(true);
    m.conditionChanged();
    assertTrue(m.awaitIdle(DEADLINE));
    List<String> startOrder = eventsOf(DownloadEvent.OfflineStateChanged.class, e -> e.to().equals("DOWNLOADING"))
        .stream().map(DownloadEvent.OfflineStateChanged::downloadId).toList();
    assertEquals(List.of(ids[1], ids[3]), startOrder.subList(0, 2), "priorities 5 and 3 first");
    assertEquals(4, startOrder.size());
    int running = 0;
    int most = 0;
    for (DownloadEvent.OfflineStateChanged e : eventsOf(DownloadEvent.OfflineStateChanged.class, e -> true)) {
      if (e.to().equals("DOWNLOADING")) running++;
      if (e.from().equals("DOWNLOADING")) running--;
      most = Math.max(most, running);
    }
    assertEquals(2, most, "never more than the parallelism bound");
    for (String id : ids) assertEquals(DownloadState.COMPLETED, m.get(id).orElseThrow().state());
  }

  @Test
  void notFound_failsWithTypedCause_noRetry() throws Exception {
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/missing")).build());
    awaitState(m, d.id(), DownloadState.FAILED);
    DownloadFailure failure = m.get(d.id()).orElseThrow().failure().orElseThrow();
    assertEquals(DownloadFailure.Kind.SERVER, failure.kind());
    assertEquals("HttpStatusException", failure.type());
    assertEquals(1, server.requestCount());
    // A restart keeps the failure.
    restartStore();
    DownloadManager again = open(managerBuilder());
    assertEquals(failure, again.get(d.id()).orElseThrow().failure().orElseThrow());
  }

  @Test
  void serverErrors_retriedWithBackoffAcrossRuns_thenFailed() throws Exception {
    server.serve("/busy", MediaServer.testContent(1000, 7)).always(Fault.status(503));
    DownloadManager m = open(managerBuilder().maxAttempts(3));
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/busy")).build());
    awaitState(m, d.id(), DownloadState.FAILED);
    Download failed = m.get(d.id()).orElseThrow();
    assertEquals(3, failed.failedAttempts());
    assertEquals(DownloadFailure.Kind.NETWORK, failed.failure().orElseThrow().kind());
    List<String> seen = states(d.id());
    assertEquals(List.of("QUEUED", "DOWNLOADING", "QUEUED", "DOWNLOADING", "QUEUED", "DOWNLOADING", "FAILED"), seen);
    assertTrue(transitions(d.id()).get(2).detail().contains("503"), transitions(d.id()).get(2).detail());
  }

  @Test
  void retryTime_persistsAcrossRestart() throws Exception {
    server.serve("/later", MediaServer.testContent(1000, 8)).always(Fault.status(503));
    DownloadManager m = open(managerBuilder().maxAttempts(5)
        .retryBackoff(dev.barbiton.file.RetryPolicy.builder().initialBackoff(java.time.Duration.ofHours(1)).maxBackoff(java.time.Duration.ofHours(2)).build()));
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/later")).build());
    await("a failed run queued for later", () -> m.get(d.id()).orElseThrow().retryAt().isPresent());
    Download waiting = m.get(d.id()).orElseThrow();
    restartStore();
    DownloadManager again = open(managerBuilder());
    again.start();
    Download restored = again.get(d.id()).orElseThrow();
    assertEquals(DownloadState.QUEUED, restored.state());
    assertEquals(1, restored.failedAttempts());
    assertEquals(waiting.retryAt().get().toEpochMilli(), restored.retryAt().orElseThrow().toEpochMilli());
    assertEquals(waiting.failure(), restored.failure());
  }

  @Test
  void remove_deletesBytes_anOpenSourceReadsOnUntilItCloses() throws Exception {
    server.serve("/x", MediaServer.testContent(100_000, 9));
    server.serve("/y", MediaServer.testContent(100_000, 10));
    DownloadManager m = open(managerBuilder());
    m.start();
    Download x = m.add(DownloadRequest.builder(server.uri("/x")).build());
    Download y = m.add(DownloadRequest.builder(server.uri("/y")).build());
    assertTrue(m.awaitIdle(DEADLINE));
    ResourceKey keyX = ResourceKey.forUrl(server.uri("/x"));
    ResourceKey keyY = ResourceKey.forUrl(server.uri("/y"));
    assertTrue(m.remove(x.id()));
    assertFalse(store.keys().contains(keyX), "bytes deleted");
    assertEquals(List.of("QUEUED", "DOWNLOADING", "COMPLETED", "REMOVING", ""), states(x.id()));
    try (FileSource player = FileSource.open(server.uri("/y"), sourceOptions())) {
      assertTrue(m.remove(y.id()));
      assertFalse(store.keys().contains(keyY), "out of the store at once");
      assertEquals(100_000, player.readAt(0, ByteBuffer.allocate(100_000)), "an open source reads on");
      assertEquals(100_000, store.stats().bytesAwaitingDelete());
    }
    assertEquals(0, store.stats().bytesAwaitingDelete(), "deleted when the source closed");
    assertEquals(List.of(), m.list());
    assertFalse(m.remove("nope"));
  }

  @Test
  void completed_isKeptOffline_neverEvicted_andRefetchedIfItsBytesWentMeanwhile() throws Exception {
    for (DownloadManager m : managers) m.close();
    store.close();
    store = dev.barbiton.assets.AssetStore.builder(dir.resolve("cache")).maxBytes(50_000).open();
    byte[] kept = MediaServer.testContent(100_000, 21);
    server.serve("/kept", kept);
    server.serve("/other", MediaServer.testContent(100_000, 22));
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/kept")).build());
    awaitState(m, d.id(), DownloadState.COMPLETED);
    ResourceKey key = ResourceKey.forUrl(server.uri("/kept"));
    assertTrue(store.entry(key).orElseThrow().keptOffline());
    try (FileSource other = FileSource.open(server.uri("/other"), sourceOptions())) {
      assertEquals(100_000, other.awaitLength(DEADLINE));
      other.completion().get();
    }
    // A bound of 50 KB: the other one goes when it closes, the kept one (100 KB) stays.
    assertFalse(store.keys().contains(ResourceKey.forUrl(server.uri("/other"))));
    assertArrayEquals(kept, cached(key, 0, kept.length));

    m.close();
    store.remove(key); // by hand, behind the manager's back
    DownloadManager again = open(managerBuilder());
    assertEquals(DownloadState.QUEUED, again.get(d.id()).orElseThrow().state());
    again.start();
    awaitState(again, d.id(), DownloadState.COMPLETED);
    assertArrayEquals(kept, cached(key, 0, kept.length));
  }

  @Test
  void playerOpeningTheSameUrl_sharesTheDownload_andItsReadsComeFirst() throws Exception {
    byte[] content = MediaServer.testContent(3_000_000, 11);
    server.serve("/shared.bin", content).throttle(1_500_000);
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.add(DownloadRequest.builder(server.uri("/shared.bin")).build());
    await("downloading", () -> m.get(d.id()).orElseThrow().bytesCached() > 10_000);
    try (FileSource player = FileSource.open(server.uri("/shared.bin"), sourceOptions())) {
      ByteBuffer buf = ByteBuffer.allocate(1000);
      long t0 = System.nanoTime();
      int n = player.readAt(2_500_000, buf);
      assertTrue(n > 0);
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 2_500_000, 2_500_000 + n), java.util.Arrays.copyOf(buf.array(), n));
      assertTrue(m.get(d.id()).orElseThrow().bytesCached() < 2_500_000,
          "the player's read was served before the sequential fetch got there");
      assertTrue(System.nanoTime() - t0 < 1_500_000_000L);
    }
    server.resource("/shared.bin").throttle(0);
    awaitState(m, d.id(), DownloadState.COMPLETED);
    assertArrayEquals(content, cached(ResourceKey.forUrl(server.uri("/shared.bin")), 0, content.length));
    assertTrue(server.bodyBytesSent() <= content.length + 200_000, "one fetch shared: " + server.bodyBytesSent());
  }

  @Test
  void badArguments_areTypedAndSayWhy() throws Exception {
    DownloadManager m = open(managerBuilder());
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> m.add(DownloadRequest.builder(java.net.URI.create("ftp://h/x")).build()));
    assertEquals("not an http(s) URL: ftp://h/x", scheme.getMessage());
    m.add(DownloadRequest.builder(server.uri("/x")).id("mine").build());
    assertThrows(IllegalArgumentException.class, () -> m.add(DownloadRequest.builder(server.uri("/x")).id("mine").build()));
    assertThrows(java.util.NoSuchElementException.class, () -> m.pause("nope"));
    assertThrows(IllegalArgumentException.class, () -> DownloadRange.bytes(10, 10));
    assertThrows(IllegalArgumentException.class, () -> managerBuilder().parallelism(0));
    assertNotNull(m.get("mine").orElseThrow());
  }
}
