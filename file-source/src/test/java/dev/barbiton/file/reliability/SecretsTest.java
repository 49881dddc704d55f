package dev.barbiton.file.reliability;

import dev.barbiton.testing.ChildJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query strings, user info and {@code Authorization}/{@code Cookie} values never reach an event, a
 * log line (SLF4J at TRACE) or an exception message, through every failure the library reports.
 * Runs {@link SecretsMain} in a child JVM so that its logging can be set to TRACE and captured
 * whole.
 */
@Timeout(120)
class SecretsTest {
  @TempDir Path dir;

  @Test
  void secrets_neverInEventsLogsOrExceptionMessages() throws Exception {
    String stdout;
    String stderr;
    try (ChildJava child = ChildJava.start(SecretsMain.class, List.of("-Xmx256m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Dorg.slf4j.simpleLogger.logFile=System.err"), dir.toString())) {
      List<String> lines = new ArrayList<>();
      for (String line; !(line = child.nextLine(Duration.ofSeconds(60))).equals(ChildJava.EOF); ) lines.add(line);
      assertEquals(0, child.await(Duration.ofSeconds(30)), () -> "child failed:\n" + String.join("\n", lines) + child.stderr());
      stdout = String.join("\n", lines);
      stderr = child.stderr();
    }
    // The scenarios ran: each failure kind and the events are there to be checked.
    for (String expected : List.of("RequestStarted", "Retrying", "Redirected", "HttpStatusException", "NotMediaException",
        "RetriesExhaustedException", "InvalidResponseException", "LengthLimitException", "ResourceFailedException",
        "ResourceTimeoutException", "IllegalArgumentException", "Evicted", "done")) {
      assertTrue(stdout.contains(expected), () -> "no " + expected + " in the child's output:\n" + stdout);
    }
    assertTrue(stderr.contains("DEBUG") || stderr.contains("TRACE"), () -> "logging was not at TRACE:\n" + stderr);
    for (String secret : SecretsMain.SECRETS) {
      assertTrue(!stdout.contains(secret), () -> secret + " leaked to events or messages:\n" + around(stdout, secret));
      assertTrue(!stderr.contains(secret), () -> secret + " leaked to the log:\n" + around(stderr, secret));
    }
  }

  private static String around(String text, String secret) {
    int at = text.indexOf(secret);
    int lineStart = text.lastIndexOf('\n', at) + 1;
    int lineEnd = text.indexOf('\n', at);
    return text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
  }
}
