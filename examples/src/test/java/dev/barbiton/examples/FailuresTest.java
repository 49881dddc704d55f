package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each kind of failure: its exit code, its one line on stderr and, with --json, its object on stdout. */
@Timeout(60)
class FailuresTest extends WithMediaServer {

  /** The error object of a --json run, checked against its exit code and its stderr line. */
  private static JsonObject error(CommandsTest.Run run) {
    JsonObject json = run.json();
    assertEquals(List.of("error"), List.copyOf(json.keySet()), run.out());
    JsonObject error = json.getAsJsonObject("error");
    assertEquals(List.of("type", "message", "exitCode"), List.copyOf(error.keySet()), run.out());
    assertEquals(run.exit(), error.get("exitCode").getAsInt(), run.out());
    assertEquals(1, run.err().lines().count(), run.err());
    assertEquals("barbiton: " + error.get("message").getAsString(), run.err().strip());
    return error;
  }

  @Test
  void httpStatus_withJson_isOneErrorObjectOnStdout_andTheLineOnStderr() {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(404));
    CommandsTest.Run run = barbiton("fetch", server.url("/missing.mp4") + "?token=SECRET", "--cache", dir.toString(), "--json");
    assertEquals(Failures.NETWORK, run.exit());
    JsonObject error = error(run);
    assertEquals("HttpStatusException", error.get("type").getAsString());
    assertTrue(error.get("message").getAsString().startsWith("HTTP 404 for "), error.toString());
    assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
  }

  @Test
  void everyUrlCommand_withJson_printsTheErrorObject() {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(410));
    String url = server.url("/missing.mp4");
    for (List<String> args : List.of(List.of("probe", url), List.of("decode", url), List.of("thumbnail", url, "--at", "1", "-o",
        dir.resolve("t.png").toString()))) {
      List<String> all = new java.util.ArrayList<>(args);
      all.addAll(List.of("--cache", dir.resolve(args.get(0)).toString(), "--json"));
      CommandsTest.Run run = barbiton(all.toArray(String[]::new));
      assertEquals(Failures.NETWORK, run.exit(), args + ": " + run.err());
      assertTrue(error(run).get("message").getAsString().contains("HTTP 410"), args + ": " + run.out());
    }
  }

  @Test
  void notMedia_exitsMedia() {
    server.serve("/video.mp4", new byte[4096]).always(Fault.captivePortal());
    CommandsTest.Run run = barbiton("fetch", server.url("/video.mp4"), "--cache", dir.toString(), "--json");
    assertEquals(Failures.MEDIA, run.exit(), run.err());
    assertEquals("NotMediaException", error(run).get("type").getAsString());
  }

  @Test
  void bytesFfmpegCannotRead_exitMedia() {
    server.serve("/noise.mp4", MediaServer.testContent(64 << 10, 5)).contentType("video/mp4");
    CommandsTest.Run run = barbiton("probe", server.url("/noise.mp4"), "--cache", dir.toString(), "--json");
    assertEquals(Failures.MEDIA, run.exit(), run.err());
    String type = error(run).get("type").getAsString();
    assertTrue(List.of("AvioException", "NotMediaException").contains(type), type);
  }

  @Test
  void unreachable_afterOneAttempt_saysAttemptInTheSingular() {
    CommandsTest.Run run = barbiton("fetch", "http://127.0.0.1:1/nothing.mp4", "--cache", dir.toString(), "--attempts", "1", "--json");
    assertEquals(Failures.NETWORK, run.exit(), run.err());
    JsonObject error = error(run);
    assertEquals("RetriesExhaustedException", error.get("type").getAsString());
    assertTrue(error.get("message").getAsString().contains(" after 1 attempt: "), error.toString());
  }

  @Test
  void unreachable_afterTwoAttempts_saysAttemptsInThePlural() {
    CommandsTest.Run run = barbiton("fetch", "http://127.0.0.1:1/nothing.mp4", "--cache", dir.toString(), "--attempts", "2");
    assertEquals(Failures.NETWORK, run.exit(), run.err());
    assertTrue(run.err().contains(" after 2 attempts: "), run.err());
  }

  @Test
  void cacheDirectoryThatIsAFile_exitsCache_namingTheDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("cache"), "not a directory");
    CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", file.toString(), "--json");
    assertEquals(Failures.CACHE, run.exit(), run.err());
    JsonObject error = error(run);
    assertEquals("CacheDirectoryException", error.get("type").getAsString());
    assertEquals("cache directory " + file + " cannot be used: it is not a directory (--cache DIR to use another)",
        error.get("message").getAsString());
    assertEquals(0, server.requestCount());
  }

  @Test
  void cacheDirectoryOnAReadOnlyDisk_exitsCache_namingTheDirectory() throws Exception {
    Path mountPoint = dir.resolve("ro");
    SmallDisk disk;
    try {
      disk = SmallDisk.mount(mountPoint, "1m");
    } catch (SmallDisk.CannotMount e) {
      Assumptions.abort(e.getMessage());
      return;
    }
    try (disk) {
      Path cache = Files.createDirectory(mountPoint.resolve("cache"));
      Process remount = new ProcessBuilder("mount", "-o", "remount,ro", mountPoint.toString()).redirectErrorStream(true).start();
      Assumptions.assumeTrue(remount.waitFor() == 0, "cannot remount read-only");
      CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", cache.toString());
      assertEquals(Failures.CACHE, run.exit(), run.err());
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().startsWith("barbiton: cache directory " + cache + " cannot be used: it is not writable: Read-only file system"),
          run.err());
    }
  }

  @Test
  void outputInAMissingDirectory_oneLineNamingIt_exitOne() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Path png = missing.resolve("frame.png");
    CommandsTest.Run run = barbiton("thumbnail", server.url("/a.bin"), "--at", "1", "-o", png.toString(),
        "--cache", dir.resolve("c").toString());
    assertEquals(Failures.OTHER, run.exit(), run.err());
    assertEquals("barbiton: cannot write " + png + ": the directory " + missing + " does not exist", run.err().strip());
    CommandsTest.Run transcode = barbiton("transcode", server.url("/a.bin"), "-o", missing.resolve("x.mkv").toString(),
        "--cache", dir.resolve("c").toString(), "--json");
    assertEquals(Failures.OTHER, transcode.exit(), transcode.err());
    assertEquals("OutputPathException", error(transcode).get("type").getAsString());
    assertTrue(server.requests().isEmpty(), "nothing fetched for an output that cannot be written");
  }

  @Test
  void lockedCache_withJson_exitsCache() throws Exception {
    try (var holder = dev.barbiton.assets.AssetStore.open(dir.resolve("locked"))) {
      CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.resolve("locked").toString(), "--json");
      assertEquals(Failures.CACHE, run.exit(), run.err());
      assertEquals("CacheLockedException", error(run).get("type").getAsString());
    }
  }

  @Test
  void usageError_withJson_printsTheErrorObjectToo() {
    CommandsTest.Run run = barbiton("decode", server.url("/v.mp4"), "--cache", dir.toString(), "--json", "--frames", "0");
    assertEquals(Failures.USAGE, run.exit(), run.err());
    JsonObject error = run.json().getAsJsonObject("error");
    assertEquals("ParameterException", error.get("type").getAsString());
    assertEquals("--frames < 1: 0", error.get("message").getAsString());
    assertEquals(Failures.USAGE, error.get("exitCode").getAsInt());
  }

  @Test
  void failure_withoutJson_leavesStdoutEmpty() {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(404));
    CommandsTest.Run run = barbiton("fetch", server.url("/missing.mp4"), "--cache", dir.toString());
    assertEquals(Failures.NETWORK, run.exit());
    assertEquals("", run.out());
  }
}
