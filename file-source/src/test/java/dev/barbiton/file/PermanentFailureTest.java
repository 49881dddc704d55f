package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceKey;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What cannot change by itself is not retried, and a source that never opened holds nothing. */
@Timeout(60)
class PermanentFailureTest extends SourceTestBase {
  /** Backoffs long enough that six attempts would take seconds. */
  private FileSourceOptions patientRetries() {
    return options().retryPolicy(RetryPolicy.builder().maxAttempts(6)
        .initialBackoff(Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(2)).jitter(0).build()).build();
  }

  @Test
  void untrustedCertificate_failsAtOnce_withTheHandshakeError() throws Exception {
    HeldCertificate selfSigned = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(selfSigned).build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(serverCerts.sslSocketFactory());
      https.enqueue(new MockResponse.Builder().body("never read").build());
      https.start();
      URI uri = https.url("/v.mp4").uri();
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(uri, patientRetries())) {
        DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
        assertInstanceOf(SSLHandshakeException.class, failed.cause(), failed.cause()::toString);
      }
      assertTrue(System.nanoTime() - start < Duration.ofMillis(1500).toNanos(), "no backoff was waited");
      List<Event> all = drainEvents();
      assertEquals(1, only(all, DownloadEvent.RequestStarted.class).size(), "one attempt: " + all);
      assertEquals(0, only(all, DownloadEvent.Retrying.class).size());
      assertEquals(false, only(all, DownloadEvent.RequestFailed.class).get(0).retryable());
    }
  }

  @Test
  void httpsToAPlainHttpPort_failsAtOnce() throws Exception {
    server.serve("/plain.mp4", new byte[1000]);
    URI https = URI.create(server.url("/plain.mp4").replace("http://", "https://"));
    try (FileSource source = FileSource.open(https, patientRetries())) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      assertInstanceOf(javax.net.ssl.SSLException.class, failed.cause(), failed.cause()::toString);
    }
    assertEquals(1, only(drainEvents(), DownloadEvent.RequestStarted.class).size(), "not retried");
  }

  @Test
  void unknownHost_isTriedOnceMore_thenFailsWithItsOwnType() throws Exception {
    try (FileSource source = FileSource.open(URI.create("http://no-such-host.invalid/v.mp4"), patientRetries())) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      assertInstanceOf(UnknownHostException.class, failed.cause(), failed.cause()::toString);
    }
    List<Event> all = drainEvents();
    assertEquals(2, only(all, DownloadEvent.RequestStarted.class).size(), "at most one retry: " + all);
  }

  @Test
  void portOutOfRange_isRefusedAtOpen_andNothingStaysPinned() throws Exception {
    URI uri = URI.create("http://127.0.0.1:99999/v.mp4");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileSource.open(uri, options().build()));
    assertTrue(e.getMessage().contains("not a well-formed URL"), e.getMessage());
    store.remove(ResourceKey.forUrl(uri)); // throws if a handle were still open
    assertEquals(0, store.stats().pinned(), store.stats().toString());
  }
}
