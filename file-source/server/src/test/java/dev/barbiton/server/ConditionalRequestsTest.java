package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conditional requests against the origin's validators: 412 ({@code If-Match}, {@code If-Unmodified-Since}), 304, or the bytes. */
@Timeout(120)
class ConditionalRequestsTest extends ServerFixture {
  /** IMF-fixdate, a two-digit day: the JDK's RFC_1123_DATE_TIME writes "2 Dec", which is no HTTP date. */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private final byte[] content = MediaServer.testContent(1 << 20, 47);

  @Test
  void ifNoneMatch_ofTheCurrentTag_is304WithTheValidators_evenOnTheFirstRequest() throws Exception {
    URI local = serve("/a.bin", content);
    MediaResource resource = origin.resource("/a.bin");

    // The first request: the server learns the tag from the origin's answer, then compares.
    Curl.Result first = Curl.run(dir, "-H", "If-None-Match: " + resource.etag(), local.toString());
    Curl.Result weak = Curl.run(dir, "-H", "If-None-Match: W/" + resource.etag(), local.toString());
    Curl.Result listed = Curl.run(dir, "-H", "If-None-Match: \"other\", " + resource.etag(), local.toString());
    Curl.Result any = Curl.run(dir, "-H", "If-None-Match: *", local.toString());
    Curl.Result ranged = Curl.run(dir, "-r", "0-99", "-H", "If-None-Match: " + resource.etag(), local.toString());

    for (Curl.Result result : new Curl.Result[] {first, weak, listed, any, ranged}) {
      assertStatus(304, result);
      assertEquals(0, result.body().length, result.toString());
      assertEquals(resource.etag(), result.header("ETag"));
      assertEquals(resource.lastModifiedHeader(), result.header("Last-Modified"));
      assertNull(result.header("Content-Range"), result.toString());
      assertNull(result.header("Content-Length"), "a 304 has no body to frame: " + result);
      assertNull(result.header("Content-Type"), result.toString());
    }
  }

  @Test
  void ifNoneMatch_ofAnotherTag_isTheBytes_andWinsOverIfModifiedSince() throws Exception {
    URI local = serve("/a.bin", content);
    MediaResource resource = origin.resource("/a.bin");

    Curl.Result other = Curl.run(dir, "-H", "If-None-Match: \"other\"", local.toString());
    Curl.Result both = Curl.run(dir, "-H", "If-None-Match: \"other\"", "-H", "If-Modified-Since: " + resource.lastModifiedHeader(),
        local.toString());

    assertStatus(200, other);
    assertArrayEquals(content, other.body());
    assertStatus(200, both);
    assertArrayEquals(content, both.body());
  }

  @Test
  void ifModifiedSince_atOrAfterLastModified_is304_beforeIt_theBytes() throws Exception {
    URI local = serve("/a.bin", content);
    MediaResource resource = origin.resource("/a.bin");
    DateTimeFormatter rfc850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    DateTimeFormatter asctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    Curl.Result same = Curl.run(dir, "-H", "If-Modified-Since: " + resource.lastModifiedHeader(), local.toString());
    Curl.Result later = Curl.run(dir, "-H", "If-Modified-Since: " + rfc850.format(resource.lastModified().plusSeconds(60)),
        local.toString());
    Curl.Result laterAsctime = Curl.run(dir, "-H", "If-Modified-Since: " + asctime.format(resource.lastModified().plusSeconds(60)),
        local.toString());
    Curl.Result earlier = Curl.run(dir, "-H", "If-Modified-Since: " + IMF_FIXDATE.format(resource.lastModified().minusSeconds(1)),
        local.toString());
    Curl.Result invalid = Curl.run(dir, "-H", "If-Modified-Since: yesterday", local.toString());

    assertStatus(304, same);
    assertStatus(304, later);
    assertStatus(304, laterAsctime);
    assertStatus(200, earlier);
    assertArrayEquals(content, earlier.body());
    assertStatus(200, invalid);
    assertArrayEquals(content, invalid.body());
  }

  @Test
  void ifMatch_ofTheCurrentTagOrAny_isTheBytes_ofAnotherOrAWeakTag_is412() throws Exception {
    URI local = serve("/m.bin", content);
    MediaResource resource = origin.resource("/m.bin");

    Curl.Result current = Curl.run(dir, "-r", "0-99", "-H", "If-Match: " + resource.etag(), local.toString());
    Curl.Result listed = Curl.run(dir, "-H", "If-Match: \"other\", " + resource.etag(), local.toString());
    Curl.Result any = Curl.run(dir, "-H", "If-Match: *", local.toString());
    Curl.Result other = Curl.run(dir, "-H", "If-Match: \"other\"", local.toString());
    Curl.Result weak = Curl.run(dir, "-H", "If-Match: W/" + resource.etag(), local.toString());
    // If-Match is looked at first: a matching If-Unmodified-Since does not save a failed If-Match.
    Curl.Result both = Curl.run(dir, "-H", "If-Match: \"other\"", "-H", "If-Unmodified-Since: "
        + resource.lastModifiedHeader(), local.toString());

    assertStatus(206, current);
    assertArrayEquals(java.util.Arrays.copyOf(content, 100), current.body());
    assertStatus(200, listed);
    assertArrayEquals(content, listed.body());
    assertStatus(200, any);
    for (Curl.Result result : new Curl.Result[] {other, weak, both}) {
      assertStatus(412, result);
      assertNull(result.header("Content-Range"), result.toString());
    }
  }

  @Test
  void ifUnmodifiedSince_beforeLastModified_is412_atOrAfterIt_theBytes() throws Exception {
    URI local = serve("/u.bin", content);
    MediaResource resource = origin.resource("/u.bin");
    Curl.Result earlier = Curl.run(dir, "-H", "If-Unmodified-Since: "
        + IMF_FIXDATE.format(resource.lastModified().minusSeconds(1)), local.toString());
    Curl.Result same = Curl.run(dir, "-H", "If-Unmodified-Since: " + resource.lastModifiedHeader(), local.toString());
    Curl.Result invalid = Curl.run(dir, "-H", "If-Unmodified-Since: yesterday", local.toString());

    assertStatus(412, earlier);
    assertStatus(200, same);
    assertArrayEquals(content, same.body());
    assertStatus(200, invalid);
  }

  @Test
  void notModified_isAnsweredFromTheCache_withoutAskingTheOrigin() throws Exception {
    URI local = serve("/a.bin", content);
    MediaResource resource = origin.resource("/a.bin");
    assertStatus(200, Curl.run(dir, local.toString()));
    origin.awaitIdle(DEADLINE);
    int before = origin.requestCount();

    Curl.Result result = Curl.run(dir, "-H", "If-None-Match: " + resource.etag(), local.toString(), "-o", "/dev/null",
        "-H", "If-None-Match: " + resource.etag(), local.toString());

    assertEquals("304 1\n304 0", result.writeOut(), "both on one connection: a 304 keeps it alive");
    assertEquals(before, origin.requestCount(), "no new request: " + origin.requests());
  }
}
