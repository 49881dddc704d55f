package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class DemoTest {
  @TempDir Path dir;

  @Test
  void demo_playsSeeksThumbnailsAndReopensFromTheCache() throws Exception {
    CommandsTest.Run run = CommandsTest.barbiton("demo", "--seconds", "20", "--rate", "400000", "--quiet",
        "--sample-dir", dir.resolve("sample").toString(), "--out", dir.toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.contains("first frame decoded after"), out);
    assertTrue(out.contains("the download jumped there: GET /sample.mp4 Range: bytes="), out);
    assertTrue(out.contains("segment index: 20 segments over 20.0 s"), out); // a fragment per keyframe (1 s)
    assertTrue(out.contains("reopened from the cache: complete at once"), out);
    assertTrue(out.contains("0 requests"), out);
    byte[] png = Files.readAllBytes(dir.resolve("barbiton-demo-thumbnail.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }

  @Test
  void demoAgainstAUrl_sendsTheSharedHeader_andNeverPrintsIt() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(6, true).cachedIn(TestMedia.dir()));
    try (MediaServer server = MediaServer.start()) {
      server.serve("/v.mp4", content).contentType("video/mp4");
      CommandsTest.Run run = CommandsTest.barbiton("demo", "--url", server.url("/v.mp4"),
          "--header", "Authorization: Bearer SECRET", "--quiet", "--out", dir.toString());
      assertEquals(0, run.exit(), run.out() + run.err());
      assertTrue(run.out().contains("reopened from the cache"), run.out());
      List<ServedRequest> requests = server.requests();
      assertFalse(requests.isEmpty());
      for (ServedRequest request : requests) {
        assertEquals("Bearer SECRET", request.header("Authorization"), request.toString());
      }
      assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
    }
  }

  @Test
  void demo_onATerminal_printsEachLineAboveTheBar_neverOnIt() {
    ProgressTest.Terminal run = ProgressTest.onATerminal("demo", "--seconds", "8", "--rate", "400000",
        "--sample-dir", dir.resolve("sample").toString(), "--out", dir.toString());
    assertEquals(0, run.exit(), run.screen() + run.err());
    List<String> lines = run.visibleLines();
    assertTrue(run.screen().contains("\rplay "), "a bar: " + run.screen());
    for (String start : List.of("first frame decoded after", "seek to 75% (6.0 s) while", "  the download jumped there: GET",
        "thumbnail at 75% written to", "reopened from the cache:")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(start)), "a line of its own: " + start + "\n" + run.screen());
    }
    for (String line : lines) {
      if (line.startsWith("play ")) assertTrue(line.matches("play .*/s(  at \\d+\\.\\d s)?"), "only the bar: " + line);
    }
  }
}
