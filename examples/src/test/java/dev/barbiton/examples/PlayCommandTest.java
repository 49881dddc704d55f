package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code barbiton play}: a command run against the local URL; the server stops with it. */
@Timeout(120)
class PlayCommandTest {
  @TempDir Path dir;

  @Test
  void theCommandReadsTheLocalUrlAndItsStatusIsTheExitCode() throws Exception {
    byte[] content = MediaServer.testContent(300_000, 3);
    try (MediaServer origin = MediaServer.start()) {
      origin.serve("/a.bin", content).contentType("application/octet-stream");
      CommandsTest.Run run = barbiton("play", origin.url("/a.bin"), "--exec", "curl -s -S -o /dev/null -w '%{http_code} %{size_download}' {}",
          "--cache", dir.toString());
      assertEquals(0, run.exit(), run.err());
      assertEquals("200 300000", run.out().trim());
      assertEquals(1, origin.requestCount(), "one download, through the cache");

      CommandsTest.Run failing = barbiton("play", origin.url("/a.bin"), "--exec", "sh -c 'echo nope >&2; exit 7' {}",
          "--cache", dir.toString());
      assertEquals(7, failing.exit(), failing.err());
      assertTrue(failing.err().contains("exited with status 7; its last words: nope"), failing.err());
    }
  }

  @Test
  void anExecWithoutThePlaceholderIsAUsageError() {
    CommandsTest.Run run = barbiton("play", "http://127.0.0.1:1/x", "--exec", "ffplay", "--cache", dir.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no {}"), run.err());
  }

  @Test
  void quotesKeepWordsTogether() {
    assertEquals(List.of("sh", "-c", "echo a b", "{}"), PlayCommand.split("sh -c 'echo a b' {}"));
    assertEquals(List.of("x", "", "y z"), PlayCommand.split("x '' \"y z\""));
  }
}
