package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.testing.MediaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cacert} and {@code --insecure} against a self-signed HTTPS server. */
@Timeout(60)
class TlsTest {
  private static final byte[] CONTENT = MediaServer.testContent(96 << 10, 11);

  @TempDir Path dir;
  private MockWebServer https;

  /** A server whose certificate signs itself, for {@code names}; every request gets the content. */
  private String serve(String... names) throws Exception {
    HeldCertificate.Builder certificate = new HeldCertificate.Builder();
    for (String name : names) certificate.addSubjectAlternativeName(name);
    HeldCertificate selfSigned = certificate.build();
    Files.writeString(dir.resolve("server.pem"), selfSigned.certificatePem());
    https = new MockWebServer();
    https.useHttps(new HandshakeCertificates.Builder().heldCertificate(selfSigned).build().sslSocketFactory());
    https.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/octet-stream")
            .body(new Buffer().write(CONTENT)).build();
      }
    });
    https.start();
    return https.url("/a.bin").toString();
  }

  @AfterEach
  void stop() {
    if (https != null) https.close();
  }

  private void assertFetched(CommandsTest.Run run) throws Exception {
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("finished", json.get("outcome").getAsString());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)), json.get("sha256").getAsString());
  }

  @Test
  void selfSigned_withoutAFlag_failsAtOnce_exitNetwork_namingTheCertificate() throws Exception {
    String url = serve("localhost", "127.0.0.1");
    long start = System.nanoTime();
    CommandsTest.Run run = barbiton("fetch", url, "--cache", dir.resolve("c").toString(), "--json");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "no retries");
    assertEquals(Failures.NETWORK, run.exit(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("barbiton: the server's certificate is not trusted: "), run.err());
    assertTrue(run.err().contains("--cacert FILE"), run.err());
    JsonObject error = run.json().getAsJsonObject("error");
    assertEquals("SSLHandshakeException", error.get("type").getAsString());
    assertEquals(Failures.NETWORK, error.get("exitCode").getAsInt());
  }

  @Test
  void selfSigned_withItsCertificateAsCacert_fetches() throws Exception {
    String url = serve("localhost", "127.0.0.1");
    CommandsTest.Run run = barbiton("fetch", url, "--cache", dir.resolve("c").toString(), "--json",
        "--cacert", dir.resolve("server.pem").toString());
    assertFetched(run);
    assertEquals("", run.err(), "no warning: the certificate is checked");
  }

  @Test
  void cacert_withTheWrongHostName_stillFails() throws Exception {
    String url = serve("other.example");
    CommandsTest.Run run = barbiton("fetch", url, "--cache", dir.resolve("c").toString(),
        "--cacert", dir.resolve("server.pem").toString());
    assertEquals(Failures.NETWORK, run.exit(), run.err());
    assertEquals(1, run.err().lines().count(), "one line, though OkHttp's message has several: " + run.err());
    assertTrue(run.err().startsWith("barbiton: the server's certificate is for another host: Hostname "), run.err());
    assertTrue(run.err().contains("not verified"), run.err());
  }

  @Test
  void insecure_skipsTheCertificateAndTheHostName_andWarnsOnce() throws Exception {
    String url = serve("other.example");
    CommandsTest.Run run = barbiton("fetch", url, "--cache", dir.resolve("c").toString(), "--json", "--insecure");
    assertFetched(run);
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("barbiton: warning: --insecure: the certificate and host name of "), run.err());
    assertTrue(https.takeRequest(1, TimeUnit.SECONDS).getHandshake() != null, "over TLS");
  }

  @Test
  void cacert_thatIsNotACertificate_isAUsageError() throws Exception {
    Path notPem = Files.writeString(dir.resolve("x.pem"), "hello");
    CommandsTest.Run run = barbiton("fetch", "https://127.0.0.1:1/a.bin", "--cache", dir.resolve("c").toString(),
        "--cacert", notPem.toString());
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertTrue(run.err().startsWith("barbiton: --cacert " + notPem + ": not a certificate"), run.err());
    CommandsTest.Run missing = barbiton("fetch", "https://127.0.0.1:1/a.bin", "--cache", dir.resolve("c").toString(),
        "--cacert", dir.resolve("nope.pem").toString());
    assertEquals(Failures.USAGE, missing.exit(), missing.err());
    assertTrue(missing.err().startsWith("barbiton: --cacert " + dir.resolve("nope.pem") + ": no such file"), missing.err());
  }

  /** Queues {@code url} in the cache directory {@code c}, as {@code download add} does: nothing is fetched. */
  private void queue(String url) {
    CommandsTest.Run added = barbiton("download", "add", url, "--cache", dir.resolve("c").toString());
    assertEquals(0, added.exit(), added.err());
    assertEquals(0, https.getRequestCount(), "add fetches nothing");
  }

  private void assertDownloaded(CommandsTest.Run run) {
    assertEquals(0, run.exit(), run.out() + run.err());
    List<String> lines = run.out().lines().filter(l -> l.startsWith("{")).toList();
    JsonObject last = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    assertEquals("COMPLETED", last.get("state").getAsString(), run.out());
    assertEquals(CONTENT.length, last.get("bytesCached").getAsLong());
  }

  @Test
  void downloadRun_withTheServersCertificateAsCacert_downloadsTheQueue() throws Exception {
    String url = serve("localhost", "127.0.0.1");
    queue(url);
    CommandsTest.Run run = barbiton("download", "run", "--cache", dir.resolve("c").toString(), "--json",
        "--cacert", dir.resolve("server.pem").toString());
    assertDownloaded(run);
    assertEquals("", run.err(), "no warning: the certificate is checked");
    assertTrue(https.takeRequest(1, TimeUnit.SECONDS).getHandshake() != null, "over TLS");
  }

  @Test
  void downloadRun_insecure_skipsTheChecksOfTheQueuesHost_andWarnsOnceNamingIt() throws Exception {
    String url = serve("other.example");
    queue(url);
    CommandsTest.Run run = barbiton("download", "run", "--cache", dir.resolve("c").toString(), "--json", "--insecure");
    assertDownloaded(run);
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("barbiton: warning: --insecure: the certificate and host name of "
        + java.net.URI.create(url).getHost() + " are not checked"), run.err());
  }

  @Test
  void downloadRun_cacertThatIsNotACertificate_isAUsageError_beforeAnyRequest() throws Exception {
    String url = serve("localhost", "127.0.0.1");
    queue(url);
    Path notPem = Files.writeString(dir.resolve("x.pem"), "hello");
    CommandsTest.Run run = barbiton("download", "run", "--cache", dir.resolve("c").toString(), "--cacert", notPem.toString());
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertTrue(run.err().startsWith("barbiton: --cacert " + notPem + ": not a certificate"), run.err());
    assertEquals(0, https.getRequestCount());
    assertTrue(barbiton("download", "ls", "--cache", dir.resolve("c").toString()).out().contains("1  QUEUED"), "still queued");
  }
}
