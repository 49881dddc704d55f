package dev.barbiton.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String SECRET_URL =
      "https://user:pass@host.example/media.mp4?token=SECRET123&x=1";

  @Test
  void url_hidesUserinfoAndQueryValuesKeepsNamesDropsFragment() {
    assertEquals("https://***@host.example/media.mp4?token=***&x=***",
        Redaction.url(SECRET_URL));
    assertEquals("http://host:8080/a/b?k=***", Redaction.url("http://host:8080/a/b?k=v#frag"));
    assertEquals("https://***@host/", Redaction.url("https://me@host/"));
    assertEquals("https://host/p?***&a=***&", Redaction.url("https://host/p?SECRET&a=&"));
    assertEquals("https://host/p", Redaction.url("https://host/p#access_token=SECRET"));
    assertEquals("//***@host/p?q=***", Redaction.url("//u:p@host/p?q=1"));
  }

  @Test
  void url_leavesPlainUrlsAndNonUrlsAlone() {
    assertEquals("https://host.example/media.mp4", Redaction.url("https://host.example/media.mp4"));
    assertEquals("not a url", Redaction.url("not a url"));
    assertEquals("/path/with@sign", Redaction.url("/path/with@sign"));
    assertEquals("https://host/@channel/v", Redaction.url("https://host/@channel/v"));
  }

  @Test
  void redaction_isIdempotentAndNullSafe() {
    String once = Redaction.url(SECRET_URL);
    assertEquals(once, Redaction.url(once));
    assertEquals(once, Redaction.text(once));
    assertNull(Redaction.url(null));
    assertNull(Redaction.text(null));
  }

  @Test
  void text_redactsEveryUrlInside() {
    assertEquals("GET https://***@host.example/media.mp4?token=***&x=***: timeout",
        Redaction.text("GET " + SECRET_URL + ": timeout"));
    assertEquals("a (ftp://***@h/f?k=***) and \"s3://b/k?sig=***\".",
        Redaction.text("a (ftp://u:p@h/f?k=v) and \"s3://b/k?sig=abc\"."));
    assertEquals("no urls here", Redaction.text("no urls here"));
  }

  @Test
  void events_neverLeakSecretsInToString() {
    EventMeta meta = new EventMeta(1, Instant.EPOCH, SECRET_URL);
    String cause = "java.io.IOException: unexpected end of stream on " + SECRET_URL;
    List<Event> events = List.of(
        new DownloadEvent.RequestStarted(meta, SECRET_URL, 0, OptionalLong.of(99), 1),
        new DownloadEvent.Retrying(meta, 2, 3, cause, Duration.ofMillis(250)),
        new DownloadEvent.RequestFailed(meta, cause, true),
        new FileEvent.Error(meta, cause),
        new AssetEvent.Failed(meta, cause),
        new AssetEvent.IndexDiscarded(meta, cause));
    for (Event event : events) {
      String text = event.toString();
      assertFalse(text.contains("SECRET123"), text);
      assertFalse(text.contains("pass@"), text);
      assertTrue(text.contains("host.example/media.mp4"), text);
    }
    assertEquals("https://***@host.example/media.mp4?token=***&x=***",
        ((DownloadEvent.RequestStarted) events.get(0)).url());
  }

  @Test
  void publishedEvents_neverLeakSecrets() {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    bus.publish(SECRET_URL, meta ->
        new DownloadEvent.RequestStarted(meta, SECRET_URL, 0, OptionalLong.empty(), 1));
    bus.publish(SECRET_URL, meta -> new DownloadEvent.RequestFailed(meta, "failed: " + SECRET_URL,
        false));
    for (Event event : TestEvents.drain(subscription)) {
      assertFalse(event.toString().contains("SECRET123"), event.toString());
      assertFalse(event.toString().contains("pass@"), event.toString());
      assertTrue(event.toString().contains("host.example/media.mp4"), event.toString());
    }
  }

  /** Strings found to redact to themselves are remembered; nothing else is, and no answer changes. */
  @Test
  void text_givesTheSameAnswersAgainAndNeverASecret() {
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) { // more strings than the cache has room for: collisions
        String redacted = "https://***@cdn" + i + ".example/v.mp4?token=***";
        String secret = "https://u:p@cdn" + i + ".example/v.mp4?token=SECRET" + i;
        assertEquals(redacted, Redaction.text(redacted));
        assertEquals("source " + redacted, Redaction.text("source " + secret));
        assertEquals(redacted, Redaction.text(secret));
        assertFalse(Redaction.text(new String(secret)).contains("SECRET"));
      }
    }
  }
}
