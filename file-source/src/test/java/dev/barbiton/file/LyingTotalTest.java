package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code Content-Range} whose total lies: the resume meets a length that contradicts it. That
 * version is dropped and fetched again from the start, once; a server that lies again fails.
 */
@Timeout(60)
class LyingTotalTest extends SourceTestBase {
  private static final int SIZE = 500_000;
  private static final String LIE = "bytes 0-" + (SIZE - 1) + "/600000";

  @Test
  void lyingTotalOnce_versionDiscardedAndFetchedAgain_bytesExact() throws Exception {
    byte[] content = MediaServer.testContent(SIZE, 41);
    server.serve("/liar.mp4", content).next(Fault.contentRangeHeader(LIE));
    try (FileSource source = open("/liar.mp4")) {
      assertFinished(source);
      assertBytes(content, source);
      assertEquals(SIZE, source.length().orElseThrow());
    }
    List<ServedRequest> requests = server.requests();
    assertEquals(3, requests.size(), requests.toString());
    assertEquals("bytes=" + SIZE + "-", requests.get(1).header("Range"), "the resume that met the truth");
    assertTrue(requests.get(2).header("Range").startsWith("bytes=0-"), "fetched again from the start: " + requests);
  }

  @Test
  void lyingTotalEveryTime_failsAfterOneRestart_withATypedError() throws Exception {
    server.serve("/liar.mp4", MediaServer.testContent(SIZE, 42)).always(Fault.contentRangeHeader(LIE));
    try (FileSource source = open("/liar.mp4")) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      InvalidResponseException e = assertInstanceOf(InvalidResponseException.class, failed.cause());
      assertTrue(e.getMessage().contains("now claims " + SIZE + " bytes, not 600000"), e.getMessage());
      assertTrue(e.getMessage().contains("fetched again from the start"), e.getMessage());
    }
    assertEquals(4, server.requestCount(), server.requests().toString());
  }
}
