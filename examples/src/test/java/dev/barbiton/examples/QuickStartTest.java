package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.testing.MediaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class QuickStartTest {
  @TempDir Path dir;

  @Test
  void quickStart_runsAgainstALoopbackServer() throws Exception {
    try (MediaServer server = MediaServer.start()) {
      server.serve("/movie.mp4", MediaServer.testContent(4 << 20, 1)).throttle(8 << 20);
      DownloadOutcome outcome = QuickStart.play(server.uri("/movie.mp4"), dir);
      assertInstanceOf(DownloadOutcome.Finished.class, outcome);
    }
  }

  @Test
  void readmeShowsTheQuickStartAsCompiled() throws Exception {
    List<String> code = between(Files.readAllLines(Path.of("src/test/java/dev/barbiton/examples/QuickStart.java")),
        "// quickstart:begin", "// quickstart:end");
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    String readmeText = String.join("\n", readme.stream().map(String::strip).toList());
    String codeText = String.join("\n", code.stream().map(String::strip).toList());
    assertTrue(readmeText.contains(codeText), "README.md must show QuickStart.java's quick start verbatim:\n" + codeText);
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) from = i + 1;
      if (lines.get(i).strip().equals(end)) to = i;
    }
    return lines.subList(from, to);
  }
}
