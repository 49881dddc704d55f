package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An origin that never tells the length (chunked, and no ranges): while it downloads, a closed
 * range is 206 with {@code Content-Range: bytes a-b/*} once its bytes are here; an open one waits
 * for the length; once the download ended, every answer carries the length.
 */
@Timeout(120)
class UnknownLengthRangesTest extends ServerFixture {
  private final byte[] content = MediaServer.testContent(4 << 20, 59);

  @Test
  void whileDownloading_rangesAre206OverCachedBytes_withAnUnknownTotal() throws Exception {
    URI local = serve("/live.bin", content);
    origin.resource("/live.bin").chunked(true).ignoreRange(true).throttle(512 << 10); // 8 s for it all

    Curl.Result closed = Curl.run(dir, "-r", "1000-1999", local.toString());
    Curl.Result ahead = Curl.run(dir, "-r", "3000000-3099999", local.toString()); // waits for its bytes
    Curl.Result suffix = Curl.run(dir, "-r", "-500", local.toString(), "--max-time", "1");
    Curl.Result fromStart = Curl.run(dir, "-r", "0-", local.toString(), "--max-time", "1");
    Curl.Result open = Curl.run(dir, "-r", "2000-", local.toString());

    assertStatus(206, closed);
    assertEquals("bytes 1000-1999/*", closed.header("Content-Range"));
    assertEquals("1000", closed.header("Content-Length"));
    assertEquals("bytes", closed.header("Accept-Ranges"), "a body of known length");
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), closed.body());
    assertStatus(206, ahead);
    assertEquals("bytes 3000000-3099999/*", ahead.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(content, 3_000_000, 3_100_000), ahead.body());
    // "a-" waits for the length: a part of it with "/*" would be taken for the end of the media.
    assertStatus(206, open);
    assertEquals("bytes 2000-" + (content.length - 1) + "/" + content.length, open.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(content, 2000, content.length), open.body());
    // A suffix needs the end: the whole body, chunked (cut here by curl's time limit).
    assertStatus(200, suffix);
    assertEquals("chunked", suffix.header("Transfer-Encoding"));
    assertEquals("none", suffix.header("Accept-Ranges"), "read it as a stream, as the origin's");
    assertNull(suffix.header("Content-Range"));
    // "bytes=0-" is everything: all of it, chunked (cut here by curl's time limit), rather than the
    // part cached so far, which a player would take for the whole (Chromium does: the video ends there).
    assertStatus(200, fromStart);
    assertEquals("chunked", fromStart.header("Transfer-Encoding"));
    assertTrue(fromStart.body().length > 0, fromStart.toString());
    assertArrayEquals(Arrays.copyOf(content, fromStart.body().length), fromStart.body());
  }

  @Test
  void afterTheDownloadEnded_rangesCarryTheLength_andNothingWasFetchedTwice() throws Exception {
    URI local = serve("/live.bin", content);
    origin.resource("/live.bin").chunked(true).ignoreRange(true).throttle(8 << 20);

    Curl.Result whole = Curl.run(dir, local.toString());
    Curl.Result ranged = Curl.run(dir, "-r", "1000-1999", local.toString());
    Curl.Result several = Curl.run(dir, "-r", "0-9,100-109", local.toString());

    assertStatus(200, whole);
    assertEquals("chunked", whole.header("Transfer-Encoding"));
    assertArrayEquals(content, whole.body());
    assertStatus(206, ranged);
    assertEquals("bytes 1000-1999/" + content.length, ranged.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), ranged.body());
    assertStatus(206, several);
    assertTrue(several.header("Content-Type").startsWith("multipart/byteranges"), several.toString());
    origin.awaitIdle(DEADLINE);
    assertEquals(1, origin.requestCount(), "one download: " + origin.requests());
    assertEquals(content.length, origin.bodyBytesSent());
  }
}
