package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code barbiton download add | ls | pause | resume | rm | run} over a loopback server. */
@Timeout(120)
class DownloadCommandTest {
  @TempDir Path dir;
  MediaServer server;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CommandsTest.Run barbiton(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--cache";
    all[args.length + 1] = dir.toString();
    return CommandsTest.barbiton(all);
  }

  private static List<JsonObject> jsonLines(CommandsTest.Run run) {
    return run.out().lines().filter(l -> l.startsWith("{")).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
  }

  @Test
  void addLsRun_downloadsTheQueue_andLsShowsItCompleted() throws Exception {
    byte[] whole = MediaServer.testContent(300_000, 1);
    byte[] film = Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()));
    server.serve("/a.bin", whole);
    server.serve("/film.mp4", film).contentType("video/mp4");
    JsonObject a = barbiton("download", "add", server.url("/a.bin"), "--range", "1000-50999", "--priority", "2", "--json").json();
    assertEquals("1", a.get("id").getAsString());
    assertEquals("QUEUED", a.get("state").getAsString());
    CommandsTest.Run added = barbiton("download", "add", server.url("/film.mp4"), "--first", "5");
    assertEquals(0, added.exit(), added.err());
    assertTrue(added.out().startsWith("2  QUEUED"), added.out());
    assertEquals(0, server.requestCount(), "add only queues");

    CommandsTest.Run run = barbiton("download", "run", "--json");
    assertEquals(0, run.exit(), run.out() + run.err());
    List<JsonObject> lines = jsonLines(run);
    JsonObject finalA = lines.get(lines.size() - 2);
    JsonObject finalFilm = lines.get(lines.size() - 1);
    assertEquals("COMPLETED", finalA.get("state").getAsString());
    assertEquals(50_000, finalA.get("bytesCached").getAsLong());
    assertEquals("COMPLETED", finalFilm.get("state").getAsString());
    long filmBytes = finalFilm.get("bytesCached").getAsLong();
    assertTrue(filmBytes > film.length / 8 && filmBytes < film.length / 2, filmBytes + " of " + film.length);

    List<JsonObject> ls = jsonLines(barbiton("download", "ls", "--json"));
    assertEquals(2, ls.size());
    assertEquals("bytes 1000-50999", ls.get(0).get("range").getAsString());
    assertEquals("time 0-5 s", ls.get(1).get("range").getAsString());
    assertTrue(barbiton("download", "ls").out().lines().allMatch(l -> l.contains("COMPLETED")));

    CommandsTest.Run rm = barbiton("download", "rm", "1");
    assertEquals(0, rm.exit(), rm.err());
    assertEquals("removed 1", rm.out().strip());
    assertEquals(1, jsonLines(barbiton("download", "ls", "--json")).size());
  }

  @Test
  void pauseResume_andAPausedDownloadIsNotRun() throws Exception {
    server.serve("/p.bin", MediaServer.testContent(100_000, 2));
    barbiton("download", "add", server.url("/p.bin"));
    JsonObject paused = barbiton("download", "pause", "1", "--reason", "metered", "--json").json();
    assertEquals("PAUSED", paused.get("state").getAsString());
    assertEquals("metered", paused.get("stopReason").getAsString());
    assertEquals(0, barbiton("download", "run").exit());
    assertEquals(0, server.requestCount(), "a paused download does not run");
    assertEquals("QUEUED", barbiton("download", "resume", "1", "--json").json().get("state").getAsString());
    assertEquals(0, barbiton("download", "run").exit());
    assertTrue(barbiton("download", "ls").out().contains("1  COMPLETED"));
  }

  @Test
  void failures_andBadUsage_haveTheirExitCodes() throws Exception {
    barbiton("download", "add", server.url("/missing"));
    CommandsTest.Run run = barbiton("download", "run");
    assertEquals(Failures.NETWORK, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("FAILED") && run.out().contains("HttpStatusException"), run.out());

    CommandsTest.Run badRange = barbiton("download", "add", server.url("/x"), "--range", "9-3");
    assertEquals(Failures.USAGE, badRange.exit());
    assertTrue(badRange.err().contains("--range needs A-B"), badRange.err());
    assertEquals(Failures.USAGE, barbiton("download", "add", server.url("/x"), "--first", "3", "--range", "0-1").exit());
    assertEquals(Failures.USAGE, barbiton("download", "add", "ftp://example.com/x").exit());
    CommandsTest.Run noSuch = barbiton("download", "pause", "42");
    assertEquals(Failures.OTHER, noSuch.exit());
    assertEquals("barbiton: no download with id 42 (see barbiton download ls)", noSuch.err().strip());
  }
}
