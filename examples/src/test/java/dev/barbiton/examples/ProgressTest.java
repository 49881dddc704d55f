package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.TestMedia;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The progress bars: readable sizes and speeds, and a line of their own. */
@Timeout(60)
class ProgressTest extends WithMediaServer {
  /** A size or speed as the bar shows it: digits, one decimal, a binary unit. */
  private static final Pattern RATIO = Pattern.compile("(\\d+\\.\\d)/(\\d+\\.\\d) (KiB|MiB)");
  private static final Pattern SPEED = Pattern.compile(" (\\d+\\.\\d) (KiB|MiB)/s");


  /**
   * A run on a terminal: what the command prints on stdout and what the bar draws, in the order a
   * terminal would show them (one buffer); stderr apart.
   */
  record Terminal(int exit, String screen, String err) {
    /** The screen's lines as seen: of each, what follows its last carriage return. */
    List<String> visibleLines() {
      return screen.lines().map(l -> l.substring(l.lastIndexOf('\r') + 1)).toList();
    }
  }

  static Terminal onATerminal(String... args) {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(screen, StandardCharsets.UTF_8), true);
    PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    int exit = Barbiton.run(args, out, new PrintWriter(err, true), terminal);
    out.flush();
    return new Terminal(exit, screen.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void sizes_haveOneDecimalInTheUnitThatSuits() {
    assertEquals("0.0 KiB", Progress.bytes(0, ""));
    assertEquals("0.5 KiB", Progress.bytes(512, ""));
    assertEquals("300.0 KiB", Progress.bytes(300 << 10, ""));
    assertEquals("1023.9 KiB/s", Progress.bytes((1 << 20) - 100, "/s"));
    assertEquals("1.0 MiB", Progress.bytes(1 << 20, ""));
    assertEquals("921.6 KiB", Progress.bytes(0.9 * (1 << 20), ""));
    assertEquals("2.5 GiB", Progress.bytes(2.5 * (1 << 30), ""));
  }

  @Test
  void fetchOfAFewMiB_showsMiBWithOneDecimal_andTheSpeedWithALeadingDigit() {
    server.serve("/a.bin", MediaServer.testContent(2 << 20, 1)).contentType("application/octet-stream").throttle(1 << 20);
    Terminal run = onATerminal("fetch", server.url("/a.bin"), "--cache", dir.toString());
    assertEquals(0, run.exit(), run.err());
    List<String> ratios = all(RATIO, run.screen());
    assertTrue(ratios.size() >= 5, "a frame every 100 ms: " + run.screen());
    for (String ratio : ratios) assertTrue(ratio.endsWith("/2.0 MiB"), ratio);
    assertTrue(ratios.stream().anyMatch(r -> !r.startsWith("0.0/") && !r.startsWith("2.0/")), "a part-way size: " + ratios);
    assertTrue(ratios.get(ratios.size() - 1).equals("2.0/2.0 MiB"), ratios.toString());
    assertFalse(all(SPEED, run.screen()).isEmpty(), run.screen());
    assertFalse(Pattern.compile("[ /]\\.\\d").matcher(run.screen()).find(), "no number starts with its point: " + run.screen());
  }

  @Test
  void fetchOfASmallFile_showsKiB() {
    server.serve("/s.bin", MediaServer.testContent(300 << 10, 2)).contentType("application/octet-stream").throttle(400 << 10);
    Terminal run = onATerminal("fetch", server.url("/s.bin"), "--cache", dir.toString());
    assertEquals(0, run.exit(), run.err());
    List<String> ratios = all(RATIO, run.screen());
    assertFalse(ratios.isEmpty(), run.screen());
    for (String ratio : ratios) assertTrue(ratio.endsWith("/300.0 KiB"), ratio);
    assertTrue(all(SPEED, run.screen()).stream().allMatch(s -> s.endsWith("KiB/s")), run.screen());
  }

  @Test
  void fetch_endsTheBarsLineBeforeTheResult() {
    server.serve("/a.bin", MediaServer.testContent(512 << 10, 1)).contentType("application/octet-stream").throttle(1 << 20);
    Terminal run = onATerminal("fetch", server.url("/a.bin"), "--cache", dir.toString());
    assertEquals(0, run.exit(), run.err());
    int result = run.screen().indexOf("url ");
    assertTrue(result > 0 && run.screen().charAt(result - 1) == '\n', run.screen());
    assertFalse(run.screen().substring(result).contains("fetch "), "no bar after the result: " + run.screen());
  }

  @Test
  void decode_drawsNotesApartFromTheSpeed_andEndsTheBarsLineBeforeTheResult() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    server.serve("/v.mp4", content).throttle(content.length / 2);
    Terminal run = onATerminal("decode", server.url("/v.mp4"), "--cache", dir.toString());
    assertEquals(0, run.exit(), run.err());
    String screen = run.screen();
    assertTrue(Pattern.compile("/s  at \\d+\\.\\d s").matcher(screen).find(), "the note after the speed: " + screen);
    int result = screen.indexOf("url ");
    assertTrue(result > 0 && screen.charAt(result - 1) == '\n', "the result on a line of its own: " + screen);
    assertFalse(screen.substring(result).contains("decode "), "no bar after the result: " + screen);
    assertTrue(run.visibleLines().stream().anyMatch(l -> l.matches("codec +h264")), screen);
  }

  @Test
  void json_drawsNoBar() {
    server.serve("/a.bin", MediaServer.testContent(256 << 10, 1)).contentType("application/octet-stream").throttle(1 << 20);
    Terminal run = onATerminal("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.screen().startsWith("{") && !run.screen().contains("\r"), run.screen());
  }

  private static List<String> all(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) found.add(m.group().strip());
    return found;
  }
}
