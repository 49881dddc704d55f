package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.SmallDisk;
import dev.barbiton.testing.TestMedia;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each subcommand end to end against a loopback server, its JSON parsed and checked. */
@Timeout(120)
class CommandsTest extends WithMediaServer {

  /** The exit code, stdout and stderr of one run of the command line. */
  record Run(int exit, String out, String err) {
    JsonObject json() {
      return JsonParser.parseString(out.trim()).getAsJsonObject();
    }
  }

  static Run barbiton(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Barbiton.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void fetch_overFourConnections_isByteExact() throws Exception {
    byte[] content = MediaServer.testContent(6 << 20, 8);
    server.serve("/k.bin", content).contentType("application/octet-stream");
    Run run = barbiton("fetch", server.url("/k.bin"), "--cache", dir.toString(), "--json", "--connections", "4");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), json.get("sha256").getAsString());
    // The main request and three parts at least; how often the main request then takes over the rest
    // of a slower part depends on timing. Nothing is fetched twice beyond what a cancel leaves in flight.
    JsonObject metrics = json.getAsJsonObject("metrics");
    assertTrue(metrics.get("requests").getAsInt() >= 4, "the main request and three parts: " + json);
    assertTrue(metrics.get("bytesFromNetwork").getAsLong() < content.length + (1 << 20), "fetched twice: " + json);
    assertEquals(2, barbiton("fetch", server.url("/k.bin"), "--connections", "17").exit());
  }

  @Test
  void fetch_downloadsResumesAndReportsJson() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 7);
    server.serve("/a.bin", content).contentType("application/octet-stream").next(Fault.disconnectAfter(1 << 20));
    Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("finished", json.get("outcome").getAsString());
    assertEquals(content.length, json.get("length").getAsLong());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), json.get("sha256").getAsString());
    assertEquals(2, json.get("requests").getAsInt());
    assertEquals(1, json.get("resumes").getAsInt());
    assertEquals(content.length, json.get("networkBytes").getAsLong());
    assertTrue(json.get("elapsedMs").getAsLong() >= 0);
    JsonObject metrics = json.getAsJsonObject("metrics");
    assertEquals(content.length, metrics.get("bytesFromNetwork").getAsLong());
    assertEquals(2, metrics.get("requests").getAsInt());
    assertEquals(1, metrics.get("failedRequests").getAsInt());
    assertEquals(1, metrics.get("retries").getAsInt());
    assertEquals(1, metrics.getAsJsonObject("retriesByCause").get("connection").getAsInt());
    for (String number : java.util.List.of("bytesFromNetwork", "timeToFirstByteMs", "throughputBytesPerSecond",
        "bytesRead", "readWaitTimeMs", "cacheHitRatio")) {
      assertTrue(metrics.get(number).getAsJsonPrimitive().isNumber(), number + " is a number: " + metrics);
    }
    assertEquals(content.length, metrics.get("bytesRead").getAsLong(), "the SHA-256 read every byte");

    Run again = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--json");
    assertEquals(0, again.json().get("requests").getAsInt(), "complete in the cache: no request");
    assertEquals(content.length, again.json().get("cacheBytes").getAsLong());
    JsonObject cached = again.json().getAsJsonObject("metrics");
    assertEquals(content.length, cached.get("bytesFromCache").getAsLong());
    assertEquals(0, cached.get("bytesFromNetwork").getAsLong());
    assertTrue(cached.get("timeToFirstByteMs").isJsonNull(), "no request, no first byte");

    Run text = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString());
    assertTrue(text.out().lines().anyMatch(l -> l.matches("metrics\\.bytesFromCache +" + content.length)), text.out());
    assertTrue(text.out().lines().anyMatch(l -> l.matches("metrics\\.retriesByCause\\.timeout +0")), text.out());
  }

  @Test
  void probe_reportsContainerCodecsDurationAndSegments() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(6, 2.0, true, false).cachedIn(TestMedia.dir()));
    server.serve("/f.mp4", content).contentType("video/mp4");
    Run run = barbiton("probe", server.url("/f.mp4"), "--cache", dir.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("mp4", json.get("container").getAsString());
    assertTrue(json.get("codecs").toString().contains("avc1"), json.toString());
    assertTrue(Math.abs(json.get("durationMs").getAsLong() - 6000) < 200, json.toString());
    assertEquals(6, json.get("segments").getAsInt(), "a fragment per keyframe (1 s): " + json);
  }

  @Test
  void probe_printsEachTracksDetails_jsonNumbersAsNumbers() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(3, false).cachedIn(TestMedia.dir()));
    server.serve("/end.mp4", content).contentType("video/mp4");
    Run run = barbiton("probe", server.url("/end.mp4"), "--cache", dir.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("[\"avc1.42C00D\",\"mp4a.40.2\"]", json.get("codecs").toString(), "the canonical strings, not FFmpeg's names");
    assertEquals("video/mp4; codecs=\"avc1.42C00D, mp4a.40.2\"", json.get("contentType").getAsString());
    com.google.gson.JsonArray tracks = json.getAsJsonArray("tracks");
    assertEquals(2, tracks.size(), json.toString());
    JsonObject video = tracks.get(0).getAsJsonObject();
    assertEquals("video", video.get("kind").getAsString());
    assertEquals("avc1.42C00D", video.get("codec").getAsString());
    for (String number : new String[] {"id", "width", "height", "bitDepth", "durationMs", "bitrate", "frameRate", "keyframeIntervalMs"}) {
      assertTrue(video.get(number).getAsJsonPrimitive().isNumber(), number + " is a number: " + video);
    }
    assertEquals(320, video.get("width").getAsInt());
    assertEquals(8, video.get("bitDepth").getAsInt());
    assertEquals("yuv420", video.get("chroma").getAsString());
    assertEquals("sdr", video.get("dynamicRange").getAsString());
    assertEquals(25.0, video.get("frameRate").getAsDouble());
    assertEquals(3000, video.get("durationMs").getAsLong());
    assertEquals(1000, video.get("keyframeIntervalMs").getAsLong());
    JsonObject config = video.getAsJsonObject("config");
    assertEquals("avc", config.get("type").getAsString());
    assertEquals(66, config.get("profile").getAsInt());
    assertEquals(13, config.get("level").getAsInt());
    JsonObject audio = tracks.get(1).getAsJsonObject();
    assertEquals(44_100, audio.get("sampleRate").getAsInt());
    assertEquals(1, audio.get("channels").getAsInt());
    assertEquals(2, audio.getAsJsonObject("config").get("objectType").getAsInt());

    Run text = barbiton("probe", server.url("/end.mp4"), "--cache", dir.toString());
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().contains("#1 video avc1.42C00D 320x240 8-bit yuv420 sdr 25.000 fps 3.000 s"), text.out());
    assertTrue(text.out().contains("#2 audio mp4a.40.2 44100 Hz 1 ch"), text.out());
  }

  @Test
  void decode_decodesWhileDownloading() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    server.serve("/v.mp4", content).throttle(content.length / 2);
    Run run = barbiton("decode", server.url("/v.mp4"), "--cache", dir.toString(), "--json", "--frames", "10");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("h264", json.get("codec").getAsString());
    assertEquals(320, json.get("width").getAsInt());
    assertEquals(240, json.get("height").getAsInt());
    assertEquals(10, json.get("videoFrames").getAsInt());
    assertEquals("downloading", json.get("phaseAtFirstFrame").getAsString());
    assertTrue(json.get("firstFrameMs").getAsLong() >= 0);
    JsonObject timings = json.getAsJsonObject("timings");
    assertEquals(java.util.List.of("jvmStartMs", "sourceOpenMs", "nativeLoadMs", "openMs", "firstFrameMs"),
        java.util.List.copyOf(timings.keySet()));
    for (String phase : timings.keySet()) assertTrue(timings.get(phase).getAsLong() >= 0, phase + ": " + timings);
    assertTrue(json.get("nativeLoadTotalMs").getAsLong() >= 0, json.toString());
    JsonObject metrics = json.getAsJsonObject("metrics");
    assertTrue(metrics.get("reads").getAsLong() > 0, metrics.toString());
    assertTrue(metrics.get("bytesRead").getAsLong() > 0);
    assertTrue(metrics.get("bytesFromNetwork").getAsLong() >= metrics.get("bytesCached").getAsLong(), metrics.toString());
    assertTrue(metrics.get("requests").getAsLong() >= 1);
    assertEquals(content.length, metrics.get("length").getAsLong());
  }

  @Test
  void errors_areOneLineOnStderr_withANonZeroExit() throws Exception {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(404));
    Run notFound = barbiton("fetch", server.url("/missing.mp4") + "?token=SECRET", "--cache", dir.resolve("c1").toString());
    assertEquals(Failures.NETWORK, notFound.exit());
    assertEquals(1, notFound.err().lines().count(), notFound.err());
    assertTrue(notFound.err().contains("HTTP 404"), notFound.err());
    assertFalse(notFound.err().contains("SECRET"), notFound.err());

    Run badUrl = barbiton("fetch", "ftp://example.com/x", "--cache", dir.resolve("c2").toString());
    assertTrue(badUrl.exit() != 0);
    assertEquals(1, badUrl.err().lines().count(), badUrl.err());
    assertTrue(badUrl.err().contains("not an http(s) URL"), badUrl.err());

    try (var holder = dev.barbiton.assets.AssetStore.open(dir.resolve("locked"))) {
      Run locked = barbiton("fetch", server.url("/missing.mp4"), "--cache", dir.resolve("locked").toString());
      assertEquals(Failures.CACHE, locked.exit());
      assertTrue(locked.err().contains("already in use"), locked.err());
      assertEquals(1, locked.err().lines().count(), locked.err());
    }

    Run unreachable = barbiton("fetch", "http://127.0.0.1:1/nothing.mp4", "--cache", dir.resolve("c3").toString(), "--attempts", "2");
    assertEquals(Failures.NETWORK, unreachable.exit());
    assertEquals(1, unreachable.err().lines().count(), unreachable.err());

    Run verbose = barbiton("fetch", server.url("/missing.mp4"), "--cache", dir.resolve("c4").toString(), "--verbose");
    assertTrue(verbose.err().lines().count() > 1, "a stack trace with --verbose");
  }

  @Test
  void mistypedOption_isNamedWithoutEchoingAnyValue_exitCodeUsage() {
    String url = "https://user:SECRET-PASSWORD@example.com/v.mp4?token=SECRET-TOKEN";
    Run run = barbiton("fetch", "--bogus-option", "SECRET-VALUE", url);
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertEquals("barbiton: Unknown option: '--bogus-option' (see barbiton fetch --help)", run.err().strip());
    assertEquals("", run.out());
    assertNoSecret(run);

    Run attached = barbiton("probe", "--bogus=SECRET-VALUE", "-zSECRET-VALUE", url);
    assertEquals(Failures.USAGE, attached.exit(), attached.err());
    assertEquals("barbiton: Unknown options: '--bogus', '-z' (see barbiton probe --help)", attached.err().strip());
    assertNoSecret(attached);

    Run typo = barbiton("fetch", "--cahce", "SECRET-VALUE", url);
    assertEquals(Failures.USAGE, typo.exit(), typo.err());
    assertTrue(typo.err().startsWith("barbiton: Unknown option: '--cahce' (did you mean --cache"), typo.err());
    assertNoSecret(typo);
  }

  @Test
  void invalidValueOrStrayArgument_isNamedWithoutEchoingIt_exitCodeUsage() {
    String url = "https://user:SECRET-PASSWORD@example.com/v.mp4";
    Run invalid = barbiton("decode", url, "--frames", "SECRET-VALUE");
    assertEquals(Failures.USAGE, invalid.exit(), invalid.err());
    assertEquals("barbiton: Invalid value for option '--frames': the value given is not a long (see barbiton decode --help)",
        invalid.err().strip());
    assertNoSecret(invalid);

    Run stray = barbiton("fetch", "http://example.org/a.mp4", url);
    assertEquals(Failures.USAGE, stray.exit(), stray.err());
    assertEquals("barbiton: Unexpected argument (see barbiton fetch --help)", stray.err().strip());
    assertNoSecret(stray);

    Run noCommand = barbiton(url, "SECRET-VALUE");
    assertEquals(Failures.USAGE, noCommand.exit(), noCommand.err());
    assertEquals("barbiton: Unknown command (see barbiton --help)", noCommand.err().strip());
    assertNoSecret(noCommand);
  }

  @Test
  void usageError_withJson_isTheSameLineInTheErrorObject() {
    Run run = barbiton("fetch", "--json", "--bogus-option=SECRET-VALUE", "https://example.com/?token=SECRET-TOKEN");
    assertEquals(Failures.USAGE, run.exit(), run.err());
    JsonObject error = run.json().getAsJsonObject("error");
    assertEquals("Unknown option: '--bogus-option' (see barbiton fetch --help)", error.get("message").getAsString());
    assertEquals("barbiton: " + error.get("message").getAsString(), run.err().strip());
    assertEquals(Failures.USAGE, error.get("exitCode").getAsInt());
    assertNoSecret(run);
  }

  /** Neither stream holds a value the command line gave: the fixtures' are all marked SECRET. */
  private static void assertNoSecret(Run run) {
    assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
    assertFalse(run.out().contains("example.com") || run.err().contains("example.com"), run.out() + run.err());
  }

  @Test
  void thumbnail_writesAPngOfTheFrameAtTheTime() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    server.serve("/t.mp4", content);
    Path png = dir.resolve("frame.png");
    Run run = barbiton("thumbnail", server.url("/t.mp4"), "--at", "2.5", "-o", png.toString(), "--width", "160",
        "--cache", dir.resolve("c").toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    assertEquals(2500, run.json().get("atMs").getAsLong());
    byte[] bytes = Files.readAllBytes(png);
    assertEquals(0x89, bytes[0] & 0xff);
    assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    // IHDR: width and height, big-endian, at bytes 16..23.
    assertEquals(160, java.nio.ByteBuffer.wrap(bytes, 16, 4).getInt());
    assertEquals(120, java.nio.ByteBuffer.wrap(bytes, 20, 4).getInt());
  }

  @Test
  void fullDisk_isOneLineNamingTheResource_exitCodeCache() throws Exception {
    server.serve("/big.bin", MediaServer.testContent(4 << 20, 9)).contentType("application/octet-stream");
    SmallDisk mounted;
    try {
      mounted = SmallDisk.mount(dir.resolve("small"), "1m");
    } catch (SmallDisk.CannotMount e) {
      org.junit.jupiter.api.Assumptions.abort(e.getMessage());
      return;
    }
    try (SmallDisk disk = mounted) {
      Run run = barbiton("fetch", server.url("/big.bin"), "--cache", disk.path().resolve("cache").toString());
      assertEquals(Failures.CACHE, run.exit(), run.err());
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().contains("No space left on device"), run.err());
      assertTrue(run.err().contains("/big.bin"), run.err());
    }
  }
}
