package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One file over several connections ({@link FileSourceOptions#connections()}) against the loopback server. */
class MultiConnectionTest extends SourceTestBase {
  private static final int MIB = 1 << 20;

  private FileSource open(String path, int connections) throws Exception {
    return FileSource.open(server.uri(path), options().acceptAnyContent(true).connections(connections).build());
  }

  @Test
  void fourConnections_fetchDisjointParts_eachWithIfRange_bytesEqual() throws Exception {
    byte[] content = MediaServer.testContent(8 * MIB, 1);
    server.serve("/k4.bin", content).throttle(4_000_000);
    long t0 = System.nanoTime();
    try (FileSource source = open("/k4.bin", 4)) {
      assertFinished(source);
      assertBytes(content, source);
    }
    long k4 = System.nanoTime() - t0;
    List<DownloadEvent.PartRequested> parts = only(drainEvents(), DownloadEvent.PartRequested.class);
    assertEquals(List.of(2, 3, 4), parts.stream().map(DownloadEvent.PartRequested::connection).toList());
    List<ServedRequest> requests = server.requests();
    assertEquals(4, requests.size(), requests.toString());
    String etag = server.resource("/k4.bin").etag();
    for (ServedRequest r : requests.subList(1, 4)) {
      assertTrue(r.header("Range").matches("bytes=\\d+-\\d+"), r.toString());
      assertEquals(etag, r.header("If-Range"), "no two versions mix");
    }
    assertTrue(server.bodyBytesSent() < content.length + 2 * MIB, "sent " + server.bodyBytesSent());

    server.serve("/k1.bin", content).throttle(4_000_000);
    t0 = System.nanoTime();
    try (FileSource source = open("/k1.bin", 1)) {
      assertFinished(source);
    }
    long k1 = System.nanoTime() - t0;
    assertTrue(k4 < k1 * 0.6, "4 connections " + k4 / 1_000_000 + " ms, 1 connection " + k1 / 1_000_000 + " ms");
  }

  @Test
  void adaptive_originLimitingEachConnection_doublesTheConnectionsToTheMost() throws Exception {
    byte[] content = MediaServer.testContent(32 * MIB, 9);
    server.serve("/grow.bin", content).throttle(4_000_000);
    long t0 = System.nanoTime();
    try (FileSource source = FileSource.open(server.uri("/grow.bin"),
        options().acceptAnyContent(true).adaptiveConnections(4).build())) {
      assertFinished(source);
      assertBytes(content, source);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    List<dev.barbiton.events.Event> all = drainEvents();
    List<DownloadEvent.PartRequested> parts = only(all, DownloadEvent.PartRequested.class);
    List<Integer> connections = parts.stream().map(DownloadEvent.PartRequested::connection).toList();
    assertEquals(List.of(2, 3, 4), connections.subList(0, 3), all.toString());
    // A part that ends while much is left is replaced: never more than four at once.
    assertTrue(connections.stream().allMatch(c -> c <= 4), connections.toString());
    assertTrue(server.bodyBytesSent() < content.length + MIB, "sent " + server.bodyBytesSent() + ": " + server.requests());
    // Doubling, each step after a measurement of the count before (200 ms warm-up + 500 ms): the
    // second connection first, then the third and fourth together.
    java.time.Duration second = java.time.Duration.between(parts.get(0).meta().timestamp(), parts.get(1).meta().timestamp());
    java.time.Duration together = java.time.Duration.between(parts.get(1).meta().timestamp(), parts.get(2).meta().timestamp());
    assertTrue(second.toMillis() >= 650, "connection 3 came " + second.toMillis() + " ms after connection 2");
    assertTrue(together.toMillis() < 100, "connections 3 and 4 came " + together.toMillis() + " ms apart");
    String etag = server.resource("/grow.bin").etag();
    for (ServedRequest r : server.requests().subList(1, 4)) assertEquals(etag, r.header("If-Range"), r.toString());
    // One connection alone would take 8.4 s; four from the start about 2.1 s.
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @Test
  void adaptive_oneLinkSharedByAllConnections_triesASecondAndKeepsOne() throws Exception {
    byte[] content = MediaServer.testContent(16 * MIB, 10);
    server.serve("/shared.bin", content).throttleTotal(8_000_000);
    try (FileSource source = FileSource.open(server.uri("/shared.bin"),
        options().acceptAnyContent(true).adaptiveConnections(8).build())) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<dev.barbiton.events.Event> all = drainEvents();
    assertEquals(1, only(all, DownloadEvent.PartRequested.class).size(), "a second brought nothing: " + all);
    List<DownloadEvent.PartFinished> finished = only(all, DownloadEvent.PartFinished.class);
    assertEquals("cancelled", finished.get(0).outcome(), "the part that brought nothing is stopped: " + finished);
    assertTrue(server.bodyBytesSent() < content.length + MIB, "sent " + server.bodyBytesSent());
  }

  @Test
  void adaptive_firstPartAnswered200_turnsThePartsOff_andTheDownloadEndsByteExact() throws Exception {
    byte[] content = MediaServer.testContent(12 * MIB, 11);
    server.serve("/refuse-adaptive.bin", content).throttle(6_000_000).onRequest(2, Fault.ignoreRange());
    try (FileSource source = FileSource.open(server.uri("/refuse-adaptive.bin"),
        options().acceptAnyContent(true).adaptiveConnections(4).build())) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<dev.barbiton.events.Event> all = drainEvents();
    assertEquals(1, only(all, DownloadEvent.PartRequested.class).size(), "no more after the refusal: " + all);
    assertTrue(only(all, DownloadEvent.PartFinished.class).get(0).outcome().contains("answered 200"), all.toString());
  }

  @Test
  void adaptive_aPartCutOff_isReplacedOrFetchedByTheMainRequest_byteExact() throws Exception {
    byte[] content = MediaServer.testContent(24 * MIB, 12);
    server.serve("/cut-adaptive.bin", content).throttle(6_000_000).onRequest(3, Fault.disconnectAfter(400_000));
    try (FileSource source = FileSource.open(server.uri("/cut-adaptive.bin"),
        options().acceptAnyContent(true).adaptiveConnections(4).build())) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<DownloadEvent.PartFinished> finished = only(drainEvents(), DownloadEvent.PartFinished.class);
    assertTrue(finished.stream().anyMatch(f -> f.outcome().startsWith("failed")), finished.toString());
    assertTrue(server.bodyBytesSent() < content.length + 2 * MIB, "sent " + server.bodyBytesSent());
  }

  @Test
  void defaults_findTheCountByTrying_upToFour() {
    FileSourceOptions defaults = options().build();
    assertEquals(FileSourceOptions.DEFAULT_CONNECTIONS, defaults.connections());
    assertEquals(4, defaults.connections());
    assertTrue(defaults.adaptiveConnections());
    FileSourceOptions fixed = defaults.newBuilder().connections(2).build();
    assertEquals(2, fixed.connections());
    assertTrue(!fixed.adaptiveConnections());
  }

  @Test
  void serverIgnoringRange_usesOneConnection() throws Exception {
    byte[] content = MediaServer.testContent(6 * MIB, 2);
    server.serve("/ignore.bin", content).ignoreRange(true);
    try (FileSource source = open("/ignore.bin", 4)) {
      assertFinished(source);
      assertBytes(content, source);
    }
    assertEquals(1, server.requestCount());
    assertTrue(only(drainEvents(), DownloadEvent.PartRequested.class).isEmpty());
  }

  @Test
  void aPartAnswered200_turnsThePartsOff_andTheDownloadEndsByteExact() throws Exception {
    byte[] content = MediaServer.testContent(8 * MIB, 3);
    server.serve("/refuse.bin", content).throttle(8_000_000).onRequest(2, Fault.ignoreRange());
    try (FileSource source = open("/refuse.bin", 4)) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<dev.barbiton.events.Event> all = drainEvents();
    List<DownloadEvent.PartFinished> finished = only(all, DownloadEvent.PartFinished.class);
    assertTrue(finished.stream().anyMatch(f -> f.outcome().contains("answered 200")), finished.toString());
    assertEquals(3, only(all, DownloadEvent.PartRequested.class).size(), "one split, no more after the refusal");
  }

  @Test
  void aPartCutOff_isFetchedByTheMainRequest() throws Exception {
    byte[] content = MediaServer.testContent(8 * MIB, 4);
    server.serve("/cut.bin", content).throttle(8_000_000).onRequest(3, Fault.disconnectAfter(300_000));
    try (FileSource source = open("/cut.bin", 4)) {
      assertFinished(source);
      assertBytes(content, source);
    }
  }

  @Test
  void theFileChangingWhilePartsRun_stopsThemBeforeTheDiscard_andOnlyTheNewVersionIsCached() throws Exception {
    byte[] v1 = MediaServer.testContent(6 * MIB, 7);
    byte[] v2 = MediaServer.testContent(6 * MIB, 8);
    // The main request sees the change after the parts began on the old version; they go on slowly
    // with old bytes while the main request's retry gets the new version whole.
    MediaResource resource = server.serve("/changes.bin", v1).throttle(4_000_000)
        .onRequest(1, Fault.replaceAfter(1_000_000, v2), Fault.disconnectAfter(1_100_000));
    for (int part = 2; part <= 4; part++) resource.onRequest(part, Fault.throttle(1_000_000));
    try (FileSource source = open("/changes.bin", 4)) {
      assertFinished(source);
      assertBytes(v2, source);
    }
    List<dev.barbiton.events.Event> all = drainEvents();
    int changed = indexOf(all, DownloadEvent.ContentChanged.class);
    List<DownloadEvent.PartFinished> beforeChange = only(all.subList(0, changed), DownloadEvent.PartFinished.class);
    assertEquals(3, beforeChange.size(), "the old version's parts ended before the discard: " + all);
    for (DownloadEvent.PartFinished f : beforeChange) assertEquals("cancelled", f.outcome(), f.toString());
    assertEquals(1, only(all, DownloadEvent.ContentChanged.class).size());
    String newTag = resource.etag();
    List<ServedRequest> requests = server.requests();
    for (ServedRequest r : requests.subList(4, requests.size())) {
      String ifRange = r.header("If-Range");
      assertTrue(ifRange == null || ifRange.equals(newTag) || r == requests.get(4), "after the change: " + r);
    }
  }

  private static int indexOf(List<dev.barbiton.events.Event> events, Class<?> type) {
    for (int i = 0; i < events.size(); i++) if (type.isInstance(events.get(i))) return i;
    throw new AssertionError("no " + type.getSimpleName() + " in " + events);
  }

  @Test
  void aSlowPart_isHalvedByTheMainRequestOnceItIsDone() throws Exception {
    byte[] content = MediaServer.testContent(8 * MIB, 6);
    // Request 2 is the first part (bytes 4-8 MiB of two connections): a tenth of the others' rate.
    server.serve("/slow.bin", content).throttle(8_000_000).onRequest(2, Fault.throttle(400_000));
    long t0 = System.nanoTime();
    try (FileSource source = open("/slow.bin", 2)) {
      assertFinished(source);
      assertBytes(content, source);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    List<DownloadEvent.RequestStarted> started = only(drainEvents(), DownloadEvent.RequestStarted.class);
    assertTrue(started.stream().anyMatch(r -> r.rangeStart() > 4 * MIB), "the main request took part of the slow one: " + started);
    // Alone, the slow part would need 10 s for its 4 MiB.
    assertTrue(millis < 8_000, "took " + millis + " ms");
  }

  @Test
  void aReaderFarInsideAPart_getsTheMainRequest() throws Exception {
    byte[] content = MediaServer.testContent(8 * MIB, 5);
    server.serve("/reader.bin", content).throttle(1_000_000);
    try (FileSource source = open("/reader.bin", 2)) {
      drainUntilPart();
      long at = 7 * MIB + 12345;
      ByteBuffer buf = ByteBuffer.allocate(1000);
      long t0 = System.nanoTime();
      int n = source.readAt(at, buf);
      assertTrue(n > 0);
      assertEquals(content[(int) at], buf.get(0));
      // The part (from 4 MiB at 1 MB/s) would take about 3 s to get there.
      assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "read took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      assertTrue(only(drainEvents(), DownloadEvent.RequestStarted.class).stream().anyMatch(r -> r.rangeStart() == at));
    }
  }

  /** Waits (each up to the deadline) for the main request and then the first part to reach the server. */
  private void drainUntilPart() throws InterruptedException {
    server.takeRequest(DEADLINE);
    server.takeRequest(DEADLINE);
  }

  @Test
  void connections_outOfRange_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options().connections(0));
    assertEquals("connections not in 1..16: 0", e.getMessage());
  }
}
