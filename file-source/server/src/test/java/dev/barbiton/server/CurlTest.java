package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server as curl sees it: statuses, headers and bytes against the origin's. */
@Timeout(120)
class CurlTest extends ServerFixture {
  private final byte[] content = MediaServer.testContent(3 << 20, 41);

  @Test
  void get_isTheOriginsBytesWithLengthAndValidators() throws Exception {
    URI local = serve("/a.bin", content);
    MediaResource resource = origin.resource("/a.bin");

    Curl.Result result = Curl.run(dir, local.toString());

    assertStatus(200, result);
    assertArrayEquals(content, result.body());
    assertEquals(Integer.toString(content.length), result.header("Content-Length"));
    assertEquals("bytes", result.header("Accept-Ranges"));
    assertEquals(resource.etag(), result.header("ETag"));
    assertEquals(resource.lastModifiedHeader(), result.header("Last-Modified"));
    assertEquals("application/octet-stream", result.header("Content-Type"));
    assertNull(result.header("Content-Range"));
  }

  @Test
  void mp4_isServedAsVideoMp4_whateverTheOriginCalledIt() throws Exception {
    byte[] mp4 = sample(SampleMedia.mp4(2, true));
    URI local = serve("/clip", mp4); // the origin says application/octet-stream

    Curl.Result result = Curl.run(dir, local.toString());

    assertStatus(200, result);
    assertEquals("video/mp4", result.header("Content-Type"));
    assertArrayEquals(mp4, result.body());
    assertTrue(local.getPath().endsWith("/clip"), local.toString());
  }

  @Test
  void closedOpenAndSuffixRanges_are206WithContentRange() throws Exception {
    URI local = serve("/a.bin", content);
    int n = content.length;

    Curl.Result closed = Curl.run(dir, "-r", "1000-1999", local.toString());
    Curl.Result open = Curl.run(dir, "-r", (n - 5000) + "-", local.toString());
    Curl.Result suffix = Curl.run(dir, "-r", "-700", local.toString());
    Curl.Result beyond = Curl.run(dir, "-r", "10-" + (n + 1000), local.toString());

    assertStatus(206, closed);
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), closed.body());
    assertEquals("bytes 1000-1999/" + n, closed.header("Content-Range"));
    assertEquals("1000", closed.header("Content-Length"));
    assertStatus(206, open);
    assertArrayEquals(Arrays.copyOfRange(content, n - 5000, n), open.body());
    assertEquals("bytes " + (n - 5000) + "-" + (n - 1) + "/" + n, open.header("Content-Range"));
    assertStatus(206, suffix);
    assertArrayEquals(Arrays.copyOfRange(content, n - 700, n), suffix.body());
    assertEquals("bytes " + (n - 700) + "-" + (n - 1) + "/" + n, suffix.header("Content-Range"));
    assertStatus(206, beyond);
    assertArrayEquals(Arrays.copyOfRange(content, 10, n), beyond.body(), "the last position clamped to the length");
  }

  @Test
  void head_hasGetsHeadersAndNoBody() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result head = Curl.run(dir, "-I", local.toString());
    Curl.Result rangedHead = Curl.run(dir, "-I", "-r", "100-199", local.toString());

    assertStatus(200, head);
    assertTrue(head.body().length < 1000, "-I writes the headers, and there is no body: " + head);
    assertEquals(Integer.toString(content.length), head.header("Content-Length"));
    assertEquals(origin.resource("/a.bin").etag(), head.header("ETag"));
    assertStatus(206, rangedHead);
    assertEquals("bytes 100-199/" + content.length, rangedHead.header("Content-Range"));
    assertTrue(rangedHead.body().length < 1000, rangedHead.toString());
  }

  @Test
  void rangeAtOrPastTheEnd_is416WithTheLength() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result atEnd = Curl.run(dir, "-r", content.length + "-", local.toString());
    Curl.Result farPast = Curl.run(dir, "-r", "99999999999-99999999999", local.toString());
    Curl.Result emptySuffix = Curl.run(dir, "-H", "Range: bytes=-0", local.toString());

    for (Curl.Result result : new Curl.Result[] {atEnd, farPast, emptySuffix}) {
      assertStatus(416, result);
      assertEquals("bytes */" + content.length, result.header("Content-Range"));
    }
  }

  @Test
  void invalidRanges_areAnsweredWhole() throws Exception {
    URI local = serve("/a.bin", content);
    for (String range : new String[] {"bytes=5-3", "bytes=abc", "items=0-1", "bytes=0-1,5-x", "bytes=-", "bytes=1-2-3"}) {
      Curl.Result result = Curl.run(dir, "-H", "Range: " + range, local.toString());
      assertStatus(200, result);
      assertArrayEquals(content, result.body(), range);
    }
  }

  @Test
  void ifRange_appliesTheRangeOnlyToTheSameVersion() throws Exception {
    URI local = serve("/a.bin", content);
    String etag = origin.resource("/a.bin").etag();

    Curl.Result same = Curl.run(dir, "-r", "0-9", "-H", "If-Range: " + etag, local.toString());
    Curl.Result other = Curl.run(dir, "-r", "0-9", "-H", "If-Range: \"another\"", local.toString());
    Curl.Result weak = Curl.run(dir, "-r", "0-9", "-H", "If-Range: W/" + etag, local.toString());

    assertStatus(206, same);
    assertStatus(200, other);
    assertStatus(200, weak);
    assertArrayEquals(content, other.body());
  }

  @Test
  void keepAlive_carriesRequestsOverOneConnection() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result result = Curl.run(dir, local.toString(), "-o", "/dev/null", local.toString(), "-o", "/dev/null", local.toString());

    assertStatus(200, result);
    assertArrayEquals(content, result.body());
    assertEquals("200 1\n200 0\n200 0", result.writeOut(), "one connection for the three");
    assertEquals(1, server.stats().acceptedConnections());
  }

  @Test
  void whileDownloading_theResponseWaitsForItsBytes_andNothingIsFetchedTwice() throws Exception {
    URI local = serve("/slow.bin", content);
    origin.resource("/slow.bin").throttle(4 << 20);

    Curl.Result first = Curl.run(dir, local.toString());
    Curl.Result second = Curl.run(dir, "-r", "2000000-2099999", local.toString());

    assertStatus(200, first);
    assertArrayEquals(content, first.body());
    assertArrayEquals(Arrays.copyOfRange(content, 2_000_000, 2_100_000), second.body());
    origin.awaitIdle(DEADLINE);
    assertEquals(content.length, origin.bodyBytesSent(), "one download: " + origin.requests());
  }

  @Test
  void originOfUnknownLength_isServedChunked() throws Exception {
    URI local = serve("/chunked.bin", content);
    // Chunked and no ranges: nothing tells the length before the end.
    origin.resource("/chunked.bin").chunked(true).ignoreRange(true).throttle(8 << 20);

    Curl.Result result = Curl.run(dir, local.toString());

    assertStatus(200, result);
    assertEquals("chunked", result.header("Transfer-Encoding"));
    assertNull(result.header("Content-Length"));
    assertArrayEquals(content, result.body());
  }

  @Test
  void failureBeforeTheHeaders_is502_andTheNextRequestDownloadsAgain() throws Exception {
    URI local = serve("/flaky.bin", content);
    origin.resource("/flaky.bin").next(Fault.status(404));

    Curl.Result failed = Curl.run(dir, local.toString());
    Curl.Result again = Curl.run(dir, local.toString());

    assertStatus(502, failed);
    assertStatus(200, again);
    assertArrayEquals(content, again.body());
  }

  @Test
  void failure_isLoggedWithTheUrlRedacted() throws Exception {
    origin.serve("/logged.bin", content).next(Fault.status(404));
    URI local = server.urlFor(origin.uri("/logged.bin?token=hunter2"));

    assertStatus(502, Curl.run(dir, local.toString()));

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
    String line = Files.readAllLines(log).stream().filter(l -> l.contains("/logged.bin")).findFirst().orElseThrow();
    assertTrue(line.contains("WARN") && line.contains("/logged.bin?token=***") && line.contains("404"), line);
    assertFalse(Files.readString(log).contains("hunter2"), line);
  }

  @Test
  void failureAfterTheHeaders_cutsTheConnection_afterRightBytesOnly() throws Exception {
    URI local = serve("/cut.bin", content);
    origin.resource("/cut.bin").next(Fault.disconnectAfter(1 << 20)).next(Fault.status(404));

    Curl.Result result = Curl.run(dir, local.toString());

    assertEquals(18, result.exit(), "curl: transfer closed with outstanding data: " + result);
    assertStatus(200, result);
    assertTrue(result.body().length >= 1 << 20 && result.body().length < content.length, result.toString());
    assertArrayEquals(Arrays.copyOf(content, result.body().length), result.body());
  }

  @Test
  void releasedUrl_is404() throws Exception {
    URI local = serve("/a.bin", content);
    assertStatus(206, Curl.run(dir, "-r", "0-0", local.toString()));

    assertTrue(server.release(local));

    assertStatus(404, Curl.run(dir, "-r", "0-0", local.toString()));
    assertEquals(0, server.stats().registeredUrls());
  }
}
