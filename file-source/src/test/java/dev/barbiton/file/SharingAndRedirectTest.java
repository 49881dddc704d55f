package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SharingAndRedirectTest extends SourceTestBase {

  @Test
  void twoSourcesOnOneKey_shareOneDownload() throws Exception {
    byte[] content = MediaServer.testContent(4 << 20, 31);
    server.serve("/shared.mp4", content).throttle(8 << 20);
    try (FileSource player = open("/shared.mp4"); FileSource downloader = open("/shared.mp4")) {
      assertArrayEquals(content, readAll(player.newInputStream()));
      assertArrayEquals(content, readAll(downloader.newInputStream()));
      assertFinished(player);
      assertFinished(downloader);
    }
    server.awaitIdle(DEADLINE);
    assertEquals(content.length, server.bodyBytesSent(), "no byte fetched twice: " + server.requests());
  }

  @Test
  void followerTakesOver_whenTheFirstSourceCloses() throws Exception {
    byte[] content = MediaServer.testContent(2 << 20, 32);
    server.serve("/handover.mp4", content).throttle(2 << 20);
    FileSource first = open("/handover.mp4");
    server.takeRequest(DEADLINE); // the first source leads the download
    try (FileSource second = open("/handover.mp4")) {
      first.close();
      assertFinished(second);
      assertArrayEquals(content, readAll(second.newInputStream()));
    }
    assertTrue(server.requestCount() >= 2, server.requests().toString());
  }

  @Test
  void redirect_isFollowed_andTheFinalUrlReported() throws Exception {
    byte[] content = MediaServer.testContent(100_000, 33);
    server.serve("/real.mp4", content);
    server.serve("/moved.mp4", new byte[0]).always(Fault.redirect("/real.mp4"));
    try (FileSource source = open("/moved.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
    }
    DownloadEvent.Redirected redirected = only(drainEvents(), DownloadEvent.Redirected.class).get(0);
    assertTrue(redirected.finalUrl().endsWith("/real.mp4"), redirected.finalUrl());
  }

  @Test
  void lyingContentRange_isRefused_untilRetriesRunOut() throws Exception {
    byte[] content = MediaServer.testContent(500_000, 34);
    server.serve("/liar.mp4", content).next(Fault.disconnectAfter(1000))
        .onRequest(2, Fault.shiftRange(7)).onRequest(3, Fault.shiftRange(7));
    FileSourceOptions options = options().retryPolicy(RetryPolicy.builder().maxAttempts(3)
        .initialBackoff(java.time.Duration.ofMillis(5)).build()).build();
    try (FileSource source = FileSource.open(server.uri("/liar.mp4"), options)) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      RetriesExhaustedException e = assertInstanceOf(RetriesExhaustedException.class, failed.cause());
      assertInstanceOf(InvalidResponseException.class, e.getCause());
      assertTrue(e.getMessage().contains("Content-Range"), e.getMessage());
      // The bytes that were right stay cached and correct.
      ByteBuffer first = ByteBuffer.allocate(1000);
      assertEquals(1000, source.readAt(0, first));
      assertArrayEquals(Arrays.copyOf(content, 1000), first.array());
    }
  }

  @Test
  void twoReadersFarApart_bothServed_beforeTheSequentialDownload() throws Exception {
    int size = 32 << 20;
    byte[] content = MediaServer.testContent(size, 35);
    server.serve("/two.mp4", content).throttle(8 << 20); // sequential: 4 s
    try (FileSource source = open("/two.mp4");
        SeekableByteChannel a = source.newChannel();
        SeekableByteChannel b = source.newChannel()) {
      server.takeRequest(DEADLINE);
      a.position(size / 2);
      b.position(size - 100_000);
      CompletableFuture<byte[]> readA = CompletableFuture.supplyAsync(() -> readSome(a, 50_000));
      CompletableFuture<byte[]> readB = CompletableFuture.supplyAsync(() -> readSome(b, 50_000));
      assertArrayEquals(Arrays.copyOfRange(content, size / 2, size / 2 + 50_000), readA.get(3, TimeUnit.SECONDS));
      assertArrayEquals(Arrays.copyOfRange(content, size - 100_000, size - 50_000), readB.get(3, TimeUnit.SECONDS));
      assertFalse(source.phase() == dev.barbiton.events.FileEvent.Phase.COMPLETE);
      assertFinished(source);
      assertBytes(content, source);
    }
    List<ServedRequest> requests = server.requests();
    assertTrue(requests.stream().anyMatch(r -> r.header("Range").startsWith("bytes=" + (size / 2) + "-")), requests.toString());
    assertTrue(requests.stream().anyMatch(r -> r.header("Range").startsWith("bytes=" + (size - 100_000) + "-")), requests.toString());
    long sent = requests.stream().mapToLong(ServedRequest::bodyBytesSent).sum();
    assertTrue(sent < size + (1 << 20), "fetched " + sent + " for " + size + ": " + requests);
  }

  private static byte[] readSome(SeekableByteChannel channel, int n) {
    try {
      ByteBuffer dst = ByteBuffer.allocate(n);
      while (dst.hasRemaining()) {
        if (channel.read(dst) < 0) break;
      }
      return dst.array();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
