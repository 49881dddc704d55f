package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.MultipartReader;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several ranges in one request: 206 {@code multipart/byteranges}, fetched by curl and parsed by
 * OkHttp's {@link MultipartReader} (a parser nobody here wrote), each part's bytes the origin's.
 */
@Timeout(120)
class MultipartRangesTest extends ServerFixture {
  private final byte[] content = MediaServer.testContent(2 << 20, 43);
  private final int n = content.length;

  /** One part as parsed: its headers and bytes. */
  private record Part(String contentType, String contentRange, byte[] body) {}

  @Test
  void severalRanges_are206Multipart_inTheOrderAsked_eachPartTheOriginsBytes() throws Exception {
    URI local = serve("/a.bin", content);
    origin.resource("/a.bin").throttle(4 << 20); // the parts wait for their bytes as the download runs

    Curl.Result result = Curl.run(dir, "-r", "1000000-1000099,0-9,-500", local.toString());

    assertStatus(206, result);
    String type = result.header("Content-Type");
    assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
    assertNull(result.header("Content-Range"), "the parts carry their ranges");
    assertEquals(Integer.toString(result.body().length), result.header("Content-Length"));
    List<Part> parts = parse(result.body(), type.substring(type.indexOf('=') + 1));
    assertEquals(3, parts.size());
    assertPart(parts.get(0), 1_000_000, 1_000_100);
    assertPart(parts.get(1), 0, 10);
    assertPart(parts.get(2), n - 500, n);
    origin.awaitIdle(DEADLINE);
    assertTrue(origin.bodyBytesSent() <= n, "nothing fetched twice: " + origin.requests());
  }

  @Test
  void head_ofSeveralRanges_hasTheLengthTheGetsBodyHas() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result head = Curl.run(dir, "-I", "-r", "0-9,100-109", local.toString());
    Curl.Result get = Curl.run(dir, "-r", "0-9,100-109", local.toString());

    assertStatus(206, head);
    assertTrue(head.header("Content-Type").startsWith("multipart/byteranges; boundary="), head.toString());
    assertEquals(Integer.toString(get.body().length), head.header("Content-Length"), "boundaries differ, their lengths do not");
    assertTrue(head.body().length < 1000, "no body: " + head);
  }

  @Test
  void overlappingRanges_areCoalesced_intoOneSinglePartAnswer() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result overlapping = Curl.run(dir, "-r", "0-99,50-149,150-199", local.toString());
    Curl.Result manyTimesOver = Curl.run(dir, "-H", "Range: bytes=0-,0-,0-,0-,0-,0-", local.toString());

    assertStatus(206, overlapping);
    assertEquals("bytes 0-199/" + n, overlapping.header("Content-Range"));
    assertArrayEquals(Arrays.copyOf(content, 200), overlapping.body());
    assertStatus(206, manyTimesOver);
    assertEquals("bytes 0-" + (n - 1) + "/" + n, manyTimesOver.header("Content-Range"));
    assertArrayEquals(content, manyTimesOver.body(), "the file once, not six times");
  }

  @Test
  void unsatisfiableRangesAmongOthers_areLeftOut_andAllUnsatisfiable_is416() throws Exception {
    URI local = serve("/a.bin", content);

    Curl.Result someLeft = Curl.run(dir, "-r", "10-19," + n + "-," + (n + 5) + "-" + (n + 9) + ",30-39", local.toString());
    Curl.Result none = Curl.run(dir, "-r", n + "-," + (n + 10) + "-" + (n + 20), local.toString());

    assertStatus(206, someLeft);
    String type = someLeft.header("Content-Type");
    List<Part> parts = parse(someLeft.body(), type.substring(type.indexOf('=') + 1));
    assertEquals(2, parts.size());
    assertPart(parts.get(0), 10, 20);
    assertPart(parts.get(1), 30, 40);
    assertStatus(416, none);
    assertEquals("bytes */" + n, none.header("Content-Range"));
  }

  @Test
  void moreRangesThanTheBound_areAnsweredWhole() throws Exception {
    URI local = serve("/a.bin", content);
    StringBuilder ranges = new StringBuilder("bytes=0-0");
    for (int i = 1; i <= ByteRange.MAX_RANGES; i++) ranges.append(',').append(10 * i).append('-').append(10 * i);

    Curl.Result result = Curl.run(dir, "-H", "Range: " + ranges, local.toString());

    assertStatus(200, result);
    assertArrayEquals(content, result.body());
  }

  private void assertPart(Part part, int start, int end) {
    assertEquals("application/octet-stream", part.contentType());
    assertEquals("bytes " + start + "-" + (end - 1) + "/" + n, part.contentRange());
    assertArrayEquals(Arrays.copyOfRange(content, start, end), part.body(), part.contentRange());
  }

  private static List<Part> parse(byte[] body, String boundary) throws IOException {
    List<Part> parts = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
      for (MultipartReader.Part part; (part = reader.nextPart()) != null; ) {
        parts.add(new Part(part.headers().get("Content-Type"), part.headers().get("Content-Range"), part.body().readByteArray()));
      }
    }
    return parts;
  }
}
