package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An origin that never tells the length (chunked, and no ranges): while it downloads, a range is
 * 206 over the cached bytes with {@code Content-Range: bytes a-b/*}; once it ended, with the length.
 */
@Timeout(120)
class UnknownLengthRangesTest extends ServerFixture {
  private static final Pattern UNKNOWN_TOTAL = Pattern.compile("bytes (\\d+)-(\\d+)/\\*");
  private final byte[] content = MediaServer.testContent(4 << 20, 59);

  @Test
  void whileDownloading_rangesAre206OverCachedBytes_withAnUnknownTotal() throws Exception {
    URI local = serve("/live.bin", content);
    origin.resource("/live.bin").chunked(true).ignoreRange(true).throttle(512 << 10); // 8 s for it all

    Curl.Result closed = Curl.run(dir, "-r", "1000-1999", local.toString());
    Curl.Result open = Curl.run(dir, "-r", "2000-", local.toString());
    Curl.Result ahead = Curl.run(dir, "-r", "3000000-3099999", local.toString()); // waits for its bytes
    Curl.Result suffix = Curl.run(dir, "-r", "-500", local.toString(), "--max-time", "1");
    Curl.Result fromStart = Curl.run(dir, "-r", "0-", local.toString());

    assertStatus(206, closed);
    assertEquals("bytes 1000-1999/*", closed.header("Content-Range"));
    assertEquals("1000", closed.header("Content-Length"));
    assertEquals("bytes", closed.header("Accept-Ranges"));
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), closed.body());
    assertStatus(206, ahead);
    assertEquals("bytes 3000000-3099999/*", ahead.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(content, 3_000_000, 3_100_000), ahead.body());
    assertStatus(206, open);
    Matcher span = UNKNOWN_TOTAL.matcher(open.header("Content-Range"));
    assertTrue(span.matches(), open.toString());
    assertEquals(2000, Long.parseLong(span.group(1)));
    long last = Long.parseLong(span.group(2));
    assertTrue(last < content.length - 1, "what was cached then, not the whole: " + open);
    assertEquals(Long.toString(last - 1999), open.header("Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(content, 2000, (int) last + 1), open.body());
    // A suffix needs the end: the whole body, chunked (cut here by curl's time limit).
    assertStatus(200, suffix);
    assertEquals("chunked", suffix.header("Transfer-Encoding"));
    assertNull(suffix.header("Content-Range"));
    // "bytes=0-" is everything: all of it, chunked, rather than the part cached so far, which a
    // player would take for the whole (Chromium does: the video ends there).
    assertStatus(200, fromStart);
    assertEquals("chunked", fromStart.header("Transfer-Encoding"));
    assertArrayEquals(content, fromStart.body());
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
