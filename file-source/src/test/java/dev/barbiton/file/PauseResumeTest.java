package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.FileEvent;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FileSource#pause()} and {@link FileSource#resume()} against a throttled loopback server. */
@Timeout(60)
class PauseResumeTest extends SourceTestBase {

  @Test
  void paused_sendsNoRequestAndCachesNothing_resumeGoesOnFromTheFirstMissingByte() throws Exception {
    byte[] content = MediaServer.testContent(4 << 20, 71);
    server.serve("/pause.bin", content).throttle(2 << 20);
    // One connection: the resume's single request from the first missing byte is the point.
    FileSourceOptions opts = options().acceptAnyContent(true).readTimeout(Duration.ofMillis(300)).connections(1).build();
    try (FileSource source = FileSource.open(server.uri("/pause.bin"), opts)) {
      awaitCached(source, 256 << 10);
      assertTrue(source.pause());
      assertFalse(source.pause(), "paused already");
      assertTrue(source.isPaused());
      server.awaitIdle(DEADLINE); // the running response was cut
      long cached = source.available().totalBytes();
      int requests = server.requestCount();
      assertTrue(cached < content.length);
      assertEquals(cached, source.available().contiguousFrom(0), "one run from the start");

      // A reader of missing bytes waits for the resume (here: past its 300 ms timeout) ...
      assertThrows(ResourceTimeoutException.class, () -> source.readAt(cached, ByteBuffer.allocate(1)));
      // ... and reads of cached bytes go on.
      assertEquals(1024, source.readAt(0, ByteBuffer.allocate(1024)));
      assertEquals(cached, source.available().totalBytes(), "nothing fetched while paused");
      assertEquals(requests, server.requestCount(), "no request while paused");
      assertEquals(FileEvent.Phase.DOWNLOADING, source.phase());
      assertFalse(source.completion().isDone());

      assertTrue(source.resume());
      assertFalse(source.resume(), "running already");
      assertFinished(source);
      assertBytes(content, source);
      List<ServedRequest> sent = server.requests();
      assertEquals(requests + 1, sent.size(), sent.toString());
      assertEquals("bytes=" + cached + "-", sent.get(sent.size() - 1).header("Range"));
      SourceMetrics m = source.metrics();
      assertEquals(content.length, m.bytesFromNetwork(), "no byte fetched twice");
      assertEquals(0, m.failedRequests(), "a pause is no failure");
      assertEquals(0, m.retries());
    }
    // Each change is an event, in order; the request the pause stopped ends with Cancelled.
    List<Event> events = drainEvents();
    List<Boolean> changes = only(events, DownloadEvent.PauseChanged.class).stream().map(DownloadEvent.PauseChanged::paused)
        .toList();
    assertEquals(List.of(true, false), changes);
    assertEquals(1, only(events, DownloadEvent.Cancelled.class).size(), events.toString());
    assertEquals(2, only(events, DownloadEvent.RequestStarted.class).size(), events.toString());
    assertEquals(1, only(events, DownloadEvent.RequestFinished.class).size(), events.toString());
  }

  @Test
  void readerBlockedWhilePaused_getsItsBytesOnResume() throws Exception {
    byte[] content = MediaServer.testContent(2 << 20, 72);
    server.serve("/wait.bin", content).throttle(1 << 20);
    try (FileSource source = FileSource.open(server.uri("/wait.bin"), options().acceptAnyContent(true).build())) {
      awaitCached(source, 64 << 10);
      source.pause();
      server.awaitIdle(DEADLINE);
      long missing = source.available().contiguousFrom(0);
      CompletableFuture<Thread> thread = new CompletableFuture<>();
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
        thread.complete(Thread.currentThread());
        try {
          return source.readAt(missing + 100_000, ByteBuffer.allocate(8));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      awaitBlocked(thread.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      assertEquals(1, source.metrics().readersWaiting());
      assertFalse(read.isDone());
      source.resume();
      assertEquals(8, read.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      assertEquals(1, source.metrics().waitedReads());
      assertFinished(source);
      assertBytes(content, source);
    }
  }

  @Test
  void closeWhilePaused_endsCancelled() throws Exception {
    server.serve("/close.bin", MediaServer.testContent(2 << 20, 73)).throttle(1 << 20);
    FileSource source = FileSource.open(server.uri("/close.bin"), options().acceptAnyContent(true).build());
    awaitCached(source, 32 << 10);
    source.pause();
    source.close();
    assertEquals(DownloadOutcome.Cancelled.class, awaitOutcome(source).getClass());
  }

  private static void awaitCached(FileSource source, long bytes) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (source.available().totalBytes() < bytes) {
      if (System.nanoTime() > end) throw new AssertionError("never cached " + bytes + " bytes");
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls the condition
    }
  }
}
