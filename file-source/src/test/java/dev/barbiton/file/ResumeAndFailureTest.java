package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ResumeAndFailureTest extends SourceTestBase {

  @Test
  void disconnectsMidBody_resumeAtFirstMissingByte_withIfRange_byteExact() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 10);
    MediaResource resource = server.serve("/d.mp4", content);
    resource.next(Fault.disconnectAfter(100_000)).next(Fault.disconnectAfter(700_000)).next(Fault.disconnectAfter(5));
    try (FileSource source = open("/d.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<ServedRequest> requests = server.requests();
    assertEquals(4, requests.size(), requests.toString());
    long expectedStart = 0;
    for (ServedRequest r : requests) {
      assertEquals("bytes=" + expectedStart + "-", r.header("Range"), requests.toString());
      if (expectedStart > 0) assertEquals(resource.etag(), r.header("If-Range"));
      expectedStart += r.bodyBytesSent();
    }
    List<Event> all = drainEvents();
    assertEquals(3, only(all, DownloadEvent.Retrying.class).size());
    assertEquals(3, only(all, DownloadEvent.Resumed.class).stream().filter(DownloadEvent.Resumed::rangeHonoured).count());
  }

  @Test
  void status503ThenSuccess_andAStallPastTheTimeout_bothResume() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 11);
    server.serve("/s.mp4", content).next(Fault.status(503)).next(Fault.stallAfter(200_000));
    try (FileSource source = open("/s.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<ServedRequest> requests = server.requests();
    assertEquals(List.of(503, 206, 206), requests.stream().map(ServedRequest::status).toList());
    assertEquals("bytes=200000-", requests.get(2).header("Range"));
  }

  @Test
  void etagChangesBetweenAttempts_restartsAndKeepsOnlyTheNewVersion() throws Exception {
    byte[] v1 = MediaServer.testContent(2 << 20, 12);
    byte[] v2 = MediaServer.testContent(2 << 20, 13);
    MediaResource resource = server.serve("/e.mp4", v1);
    resource.next(Fault.replaceAfter(500_000, v2), Fault.disconnectAfter(500_000));
    try (FileSource source = open("/e.mp4")) {
      assertFinished(source);
      assertBytes(v2, source);
    }
    List<ServedRequest> requests = server.requests();
    assertEquals(200, requests.get(1).status(), "If-Range mismatch answered with the whole new file");
    DownloadEvent.ContentChanged changed = only(drainEvents(), DownloadEvent.ContentChanged.class).get(0);
    assertEquals(500_000, changed.discardedBytes());
  }

  @Test
  void serverIgnoresRange_resumesFromTheWholeBody_byteExact_andStopsAskingForRanges() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 14);
    server.serve("/i.mp4", content).ignoreRange(true).next(Fault.disconnectAfter(300_000)).next(Fault.disconnectAfter(600_000));
    try (FileSource source = open("/i.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    List<ServedRequest> requests = server.requests();
    assertEquals(3, requests.size(), requests.toString());
    assertNull(requests.get(2).header("Range"), "no more range requests once the server ignored one");
    List<DownloadEvent.Resumed> resumed = only(drainEvents(), DownloadEvent.Resumed.class);
    assertFalse(resumed.get(0).rangeHonoured());
  }

  @Test
  void unknownLengthChunked_completesAndResolvesTheLength() throws Exception {
    byte[] content = MediaServer.testContent(700_000, 15);
    server.serve("/live.aac", content).chunked(true).ignoreRange(true);
    try (FileSource source = open("/live.aac")) {
      assertFinished(source);
      assertEquals(content.length, source.length().getAsLong());
      assertBytes(content, source);
    }
  }

  @Test
  void notFoundAndForbidden_failAtOnceWithTheStatusAndRedactedUrl() throws Exception {
    for (int status : new int[] {404, 403, 410}) {
      server.serve("/gone" + status, new byte[10]).always(Fault.status(status));
      try (FileSource source = FileSource.open(
          java.net.URI.create(server.url("/gone" + status) + "?token=SECRET"), options().build())) {
        DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
        HttpStatusException e = assertInstanceOf(HttpStatusException.class, failed.cause());
        assertEquals(status, e.status());
        assertTrue(e.getMessage().contains("/gone" + status), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      }
    }
    assertEquals(3, server.requestCount(), "no retry of a 4xx");
  }

  @Test
  void retriesExhausted_failsTyped_andEventsShowEachRetry() throws Exception {
    server.serve("/down.mp4", new byte[1000]).always(Fault.status(503));
    FileSourceOptions options = options()
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(java.time.Duration.ofMillis(5)).build())
        .build();
    try (FileSource source = FileSource.open(server.uri("/down.mp4"), options)) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      RetriesExhaustedException e = assertInstanceOf(RetriesExhaustedException.class, failed.cause());
      assertEquals(3, e.attempts());
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }
    assertEquals(3, server.requestCount());
    List<DownloadEvent.Retrying> retries = only(drainEvents(), DownloadEvent.Retrying.class);
    assertEquals(List.of(2, 3), retries.stream().map(DownloadEvent.Retrying::attempt).toList());
  }

  @Test
  void htmlErrorPage_isATypedError_andLeavesNoCacheFile() throws Exception {
    server.serve("/portal.mp4", new byte[1000]).always(Fault.captivePortal());
    try (FileSource source = open("/portal.mp4")) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      assertInstanceOf(NotMediaException.class, failed.cause());
    }
    try (Stream<java.nio.file.Path> files = Files.list(dir.resolve("cache"))) {
      assertEquals(List.of(".lock"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void partialResourceAfterStoreRestart_fetchesOnlyWhatIsMissing() throws Exception {
    byte[] content = MediaServer.testContent(2 << 20, 16);
    server.serve("/p.mp4", content).next(Fault.disconnectAfter(800_000));
    FileSourceOptions noRetry = options().retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build();
    try (FileSource source = FileSource.open(server.uri("/p.mp4"), noRetry)) {
      assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
    }
    store.close();
    store = AssetStore.open(dir.resolve("cache"));
    long sentBefore = server.bodyBytesSent();
    try (FileSource source = open("/p.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    ServedRequest resume = server.requests().get(1);
    assertEquals("bytes=800000-", resume.header("Range"));
    assertEquals(content.length - 800_000, server.bodyBytesSent() - sentBefore);
  }
}
