package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.testing.MediaServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code barbiton cache ls | rm | keep | release | clear} on a cache filled by {@code fetch}. */
@Timeout(60)
class CacheEditCommandsTest {
  @TempDir Path dir;
  MediaServer server;
  String plain;
  String signed;

  @BeforeEach
  void fill() throws Exception {
    server = MediaServer.start();
    server.serve("/a.bin", MediaServer.testContent(100_000, 1)).contentType("application/octet-stream");
    server.serve("/b.bin", MediaServer.testContent(200_000, 2)).contentType("application/octet-stream");
    plain = server.url("/a.bin");
    signed = server.url("/b.bin") + "?token=SECRET";
    assertEquals(0, run("fetch", plain).exit());
    assertEquals(0, run("fetch", signed).exit());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CommandsTest.Run run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--cache";
    all[args.length + 1] = dir.toString();
    return CommandsTest.barbiton(all);
  }

  private List<JsonObject> ls() {
    CommandsTest.Run ls = run("cache", "ls", "--json");
    assertEquals(0, ls.exit(), ls.err());
    return ls.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
  }

  @Test
  void ls_oneObjectPerResource_mostRecentFirst_keysRedacted() {
    List<JsonObject> entries = ls();
    assertEquals(2, entries.size(), entries.toString());
    JsonObject b = entries.get(0);
    assertFalse(b.toString().contains("SECRET"), b.toString());
    assertTrue(b.get("key").getAsString().contains("/b.bin"), b.toString());
    assertEquals(200_000, b.get("length").getAsLong());
    assertEquals(200_000, b.get("cached").getAsLong());
    assertTrue(b.get("complete").getAsBoolean());
    assertFalse(b.get("offline").getAsBoolean());
    assertTrue(b.get("url").getAsBoolean());
    assertEquals(12, b.get("id").getAsString().length());
    assertTrue(entries.get(1).get("key").getAsString().endsWith("/a.bin"));

    CommandsTest.Run text = run("cache", "ls");
    assertEquals(2, text.out().lines().count(), text.out());
    assertTrue(text.out().lines().allMatch(l -> l.contains("complete")), text.out());
    assertFalse(text.out().contains("SECRET"));
  }

  @Test
  void keepAndRelease_markTheResource_andReleaseOfOneNotKeptFails() {
    CommandsTest.Run keep = run("cache", "keep", signed);
    assertEquals(0, keep.exit(), keep.err());
    assertFalse(keep.out().contains("SECRET"), keep.out());
    assertTrue(ls().get(0).get("offline").getAsBoolean());
    assertEquals(0, run("cache", "release", signed).exit());
    assertFalse(ls().get(0).get("offline").getAsBoolean());
    CommandsTest.Run again = run("cache", "release", signed);
    assertEquals(Failures.OTHER, again.exit());
    assertEquals(1, again.err().lines().count(), again.err());
    assertTrue(again.err().startsWith("barbiton: not kept offline: "), again.err());
    assertFalse(again.err().contains("SECRET"), again.err());
  }

  @Test
  void rm_byUrlOrById_thenNotInTheCache() {
    CommandsTest.Run rm = run("cache", "rm", plain);
    assertEquals(0, rm.exit(), rm.err());
    assertTrue(rm.out().startsWith("removed "), rm.out());
    assertEquals(1, ls().size());
    String id = ls().get(0).get("id").getAsString();
    assertEquals(0, run("cache", "rm", id).exit());
    assertEquals(List.of(), ls());
    CommandsTest.Run gone = run("cache", "rm", plain);
    assertEquals(Failures.OTHER, gone.exit());
    assertEquals("barbiton: not in the cache: " + plain, gone.err().strip());
  }

  @Test
  void clear_removesEverything_keptOfflineToo() {
    assertEquals(0, run("cache", "keep", plain).exit());
    CommandsTest.Run clear = run("cache", "clear");
    assertEquals(0, clear.exit(), clear.err());
    assertTrue(clear.out().startsWith("removed 2 resources"), clear.out());
    assertEquals(List.of(), ls());
  }
}
