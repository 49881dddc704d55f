package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.events.FileEvent;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read contract through a source's views, against a real loopback server. */
@Timeout(60)
class ReadContractSourceTest extends SourceTestBase {
  private static final int SIZE = 4 << 20;
  private static final int SLOW = 256 << 10; // the whole file takes 16 s: every check runs mid-download

  @Test
  void readAtTheLength_whileDownloading_isEndOfStreamAtOnce() throws Exception {
    server.serve("/slow.mp4", MediaServer.testContent(SIZE, 1)).throttle(SLOW);
    try (FileSource source = open("/slow.mp4"); SeekableByteChannel channel = source.newChannel();
        InputStream in = source.newInputStream()) {
      assertEquals(SIZE, channel.size());
      long start = System.nanoTime();
      channel.position(SIZE);
      assertEquals(-1, channel.read(ByteBuffer.allocate(16)));
      assertEquals(-1, source.readAt(SIZE + 100L, ByteBuffer.allocate(16)));
      assertEquals(SIZE, in.skip(SIZE));
      assertEquals(-1, in.read());
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis < 5_000, "end of stream took " + tookMillis + " ms");
      assertEquals(FileEvent.Phase.DOWNLOADING, source.phase(), "checked before the download ended");
    }
  }

  @Test
  void sizeRightAfterNewChannel_waitsForTheLength_throughARetry() throws Exception {
    server.serve("/retry.mp4", MediaServer.testContent(SIZE, 2)).throttle(SLOW).next(Fault.status(503));
    try (FileSource source = open("/retry.mp4"); SeekableByteChannel channel = source.newChannel()) {
      assertEquals(SIZE, channel.size());
      assertEquals(SIZE, source.awaitLength(Duration.ofSeconds(10)));
    }
  }

  @Test
  void bodyShorterThanItsLength_isATypedFailure_neverAnEarlyEnd() throws Exception {
    byte[] content = MediaServer.testContent(SIZE, 3);
    server.serve("/short.mp4", content).always(Fault.truncate(SIZE / 2));
    FileSourceOptions options = options().retryPolicy(RetryPolicy.builder().maxAttempts(2)
        .initialBackoff(Duration.ofMillis(5)).build()).build();
    try (FileSource source = FileSource.open(server.uri("/short.mp4"), options); InputStream in = source.newInputStream()) {
      byte[] head = in.readNBytes(SIZE / 2);
      assertArrayEquals(Arrays.copyOf(content, SIZE / 2), head, "the bytes that came are right");
      ResourceFailedException e = assertThrows(ResourceFailedException.class, in::read);
      RetriesExhaustedException cause = assertInstanceOf(RetriesExhaustedException.class, e.getCause());
      assertTrue(cause.getMessage().contains("/short.mp4"), cause.getMessage());
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      assertEquals(cause, failed.cause(), "readers get the download's own exception");
    }
  }

  @Test
  void notFound_blockedReaderGetsTheStatus() throws Exception {
    try (FileSource source = open("/missing.mp4")) {
      ResourceFailedException e = assertThrows(ResourceFailedException.class, () -> source.readAt(0, ByteBuffer.allocate(8)));
      HttpStatusException status = assertInstanceOf(HttpStatusException.class, e.getCause());
      assertEquals(404, status.status());
      assertTrue(e.getMessage().contains("404"), e.getMessage());
    }
  }
}
