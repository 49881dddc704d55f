package dev.barbiton.file.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.HttpStatusException;
import dev.barbiton.file.RetriesExhaustedException;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A download that failed for good tells its readers at once: a read of a missing byte throws
 * {@link ResourceFailedException} with the reason instead of waiting out the read timeout.
 */
@Timeout(60)
class FailureVisibilityTest extends ReliabilityBase {
  private static final Duration LONG_READ_TIMEOUT = Duration.ofMinutes(5);

  @Test
  void notFound_readAfterTheOutcome_failsAtOnceWithTheReason() throws Exception {
    server.serve("/gone.mp4", new byte[10]).always(Fault.status(404));
    try (FileSource source = FileSource.open(server.uri("/gone.mp4"), options().readTimeout(LONG_READ_TIMEOUT).build())) {
      failedWith(HttpStatusException.class, source);
      ResourceFailedException e = assertThrows(ResourceFailedException.class, () -> source.readAt(0, ByteBuffer.allocate(10)));
      assertTrue(e.reason().contains("404"), e.reason());
    }
  }

  @Test
  void retriesExhaustedMidFile_bytesBeforeStayReadable_missingOnesFailAtOnce() throws Exception {
    byte[] content = MediaServer.testContent(300_000, 3);
    server.serve("/half.mp4", content).next(Fault.disconnectAfter(100_000)).nextRequests(10, Fault.status(503));
    try (FileSource source = FileSource.open(server.uri("/half.mp4"), options().readTimeout(LONG_READ_TIMEOUT).build())) {
      failedWith(RetriesExhaustedException.class, source);
      assertEquals(100_000, source.readAt(0, ByteBuffer.allocate(100_000)));
      assertThrows(ResourceFailedException.class, () -> source.readAt(100_000, ByteBuffer.allocate(10)));
    }
  }
}
