package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * A headless Chromium plays a {@code <video>} whose source is a local URL of the server, from a page
 * on another loopback origin, while the download runs: it reaches {@code playing}, its {@code
 * currentTime} advances, and after a seek to 80 % it plays on from there. With CORS, the page
 * also fetches a range and several ranges (a preflight) and reads the headers CORS exposes. From an
 * origin that never tells the length, it plays (as a stream: Chromium does not seek in that).
 *
 * <p>The page drives the video itself and reports each step by a request to the page's server,
 * which records it: no protocol to the browser is needed, and every wait here has a deadline.
 */
@Timeout(180)
class ChromiumClientTest extends ServerFixture {
  private static final Duration PLAYBACK_DEADLINE = Duration.ofSeconds(90);
  private static final int SECONDS = 60;

  /**
   * Each step the page reports, in order: {@code playing} (the element's event), {@code advanced}
   * (currentTime past 1 s), {@code seeked} (after {@code currentTime = 0.8 * duration}), {@code
   * playedOn} (currentTime 1 s past the seek's target, not paused). {@code error} at any point
   * carries the element's error code and message.
   */
  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>barbiton</title></head><body>
      <video id="v" muted playsinline preload="auto" CROSSORIGIN src="SOURCE"></video>
      <script>
      const v = document.getElementById('v');
      function report(step, extra) {
        const q = new URLSearchParams(Object.assign({step: step, t: v.currentTime, d: v.duration,
            paused: v.paused, ready: v.readyState}, extra || {}));
        return fetch('/report?' + q.toString(), {cache: 'no-store'}).catch(() => {});
      }
      function until(condition) {
        return new Promise(resolve => {
          const check = () => { if (condition()) resolve(); else setTimeout(check, 50); };
          check();
        });
      }
      v.addEventListener('error', () => report('error', {code: v.error && v.error.code, message: v.error && v.error.message}));
      (async () => {
        if (CORS_CHECKS) {
          // What a player that fetches media itself does: a range (CORS-safelisted), and several
          // (preflighted); the page reads headers only exposed by CORS.
          const one = await fetch(v.src, {headers: {Range: 'bytes=100-199'}});
          const oneBytes = Array.from(new Uint8Array(await one.arrayBuffer()), b => b.toString(16).padStart(2, '0')).join('');
          const several = await fetch(v.src, {headers: {Range: 'bytes=0-9,20-29'}});
          const severalBytes = (await several.arrayBuffer()).byteLength;
          await report('fetched', {status: one.status, range: one.headers.get('Content-Range'), bytes: oneBytes,
              severalStatus: several.status, severalType: several.headers.get('Content-Type'), severalBytes: severalBytes});
        }
        const playing = new Promise(resolve => v.addEventListener('playing', resolve, {once: true}));
        v.play().catch(e => report('error', {code: 'play', message: String(e)}));
        await playing;
        await report('playing');
        await until(() => v.currentTime >= 1);
        await report('advanced');
        if (!SEEK) return;
        const target = v.duration * 0.8;
        const seeked = new Promise(resolve => v.addEventListener('seeked', resolve, {once: true}));
        v.currentTime = target;
        await seeked;
        await report('seeked', {target: target});
        await until(() => v.currentTime >= target + 1 && !v.paused);
        await report('playedOn', {target: target});
      })();
      </script></body></html>
      """;

  /**
   * WebM VP9/Opus, which every Chromium plays; H.264/AAC MP4, which Debian's build plays too; WebM
   * from a {@code <video crossorigin>} on a page that also fetches ranges itself, through CORS; and
   * WebM from an origin that never tells the length and ignores ranges.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"webm", "mp4", "webm-cors", "webm-chunked"})
  void videoElement_playsAndSeeksTo80Percent_whileTheDownloadRuns(String variant) throws Exception {
    Path chromium = HeadlessChromium.require();
    boolean cors = variant.endsWith("-cors");
    boolean chunked = variant.endsWith("-chunked");
    String container = variant.replace("-cors", "").replace("-chunked", "");
    SampleMedia media = container.equals("webm") ? SampleMedia.webm(SECONDS) : SampleMedia.mp4(SECONDS, true);
    byte[] bytes = sample(media);
    URI local = serve("/film." + container, bytes);
    // About 3.5 MB at 128 KiB/s (2.3 times the media's bit rate): the whole download takes some
    // 27 s; the page is done in a few.
    origin.resource("/film." + container).throttle(128 << 10);
    // An origin that never tells the length and ignores ranges: the server answers the browser's
    // "bytes=0-" with everything, chunked. Chromium plays it as a stream: it does not seek in a
    // resource of unknown length (currentTime goes back to 0), so this variant does not seek.
    if (chunked) origin.resource("/film." + container).chunked(true).ignoreRange(true);

    try (MediaServer pages = MediaServer.start()) {
      pages.serve("/page.html", PAGE.replace("SOURCE", local.toString()).replace("CROSSORIGIN", cors ? "crossorigin=\"anonymous\"" : "")
          .replace("CORS_CHECKS", Boolean.toString(cors))
          .replace("SEEK", Boolean.toString(!chunked))

          .getBytes(StandardCharsets.UTF_8)).contentType("text/html; charset=utf-8");
      pages.serve("/report", new byte[0]).contentType("text/plain");
      HeadlessChromium browser = HeadlessChromium.open(chromium, dir, pages.url("/page.html"));
      List<ProcessHandle> tree = List.of();
      try {
        Map<String, Map<String, String>> steps = new LinkedHashMap<>();
        long sentAtPlayedOn = -1;
        long sentAtAdvanced = -1;
        long end = System.nanoTime() + PLAYBACK_DEADLINE.toNanos();
        while (!steps.containsKey(chunked ? "advanced" : "playedOn")) {
          long left = end - System.nanoTime();
          if (left <= 0 || !browser.isAlive()) {
            throw new AssertionError("steps within " + PLAYBACK_DEADLINE + ": " + steps + "; page requests " + pages.requests()
                + "; origin requests " + origin.requests() + "; " + browser.describe());
          }
          ServedRequest request = takeQuietly(pages, Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
          if (request == null || !request.path().equals("/report")) continue;
          Map<String, String> report = query(request.target());
          if (tree.isEmpty()) tree = HeadlessChromium.descendantsOfThisJvm();
          if (report.get("step").equals("error")) throw new AssertionError("the video failed: " + report + " after " + steps);
          if (report.get("step").equals("playedOn")) sentAtPlayedOn = origin.bodyBytesSent();
          if (report.get("step").equals("advanced")) sentAtAdvanced = origin.bodyBytesSent();
          steps.put(report.get("step"), report);
        }

        if (cors) {
          Map<String, String> fetched = steps.remove("fetched");
          assertEquals(Map.of("status", "206", "range", "bytes 100-199/" + bytes.length, "bytes", hex(bytes, 100, 200), "severalStatus", "206"),
              Map.of("status", fetched.get("status"), "range", fetched.get("range"), "bytes", fetched.get("bytes"),
                  "severalStatus", fetched.get("severalStatus")), fetched.toString());
          assertTrue(fetched.get("severalType").startsWith("multipart/byteranges; boundary="), fetched.toString());
        }
        double duration = Double.parseDouble(steps.get("playing").get("d"));
        assertEquals(SECONDS, duration, 0.5, "the duration the browser found");
        assertTrue(Double.parseDouble(steps.get("advanced").get("t")) >= 1, steps.toString());
        if (chunked) {
          assertEquals(List.of("playing", "advanced"), new ArrayList<>(steps.keySet()));
          assertTrue(sentAtAdvanced < bytes.length, "playing while it downloads: " + sentAtAdvanced + " of " + bytes.length);
          assertEquals(1, origin.requestCount(), "one download from the start: " + origin.requests());
          assertEquals(200, origin.requests().get(0).status(), "the origin ignored the range: " + origin.requests());
          return;
        }
        assertEquals(List.of("playing", "advanced", "seeked", "playedOn"), new ArrayList<>(steps.keySet()));
        double target = Double.parseDouble(steps.get("playedOn").get("target"));
        assertEquals(0.8 * duration, target, 0.01);
        assertEquals(target, Double.parseDouble(steps.get("seeked").get("t")), 0.5, "seeked there: " + steps);
        assertTrue(Double.parseDouble(steps.get("playedOn").get("t")) >= target + 1, steps.toString());
        assertTrue(sentAtPlayedOn < bytes.length,
            "played on past the seek before the download was done: " + sentAtPlayedOn + " of " + bytes.length);
        List<ServedRequest> fetched = origin.requests();
        assertTrue(fetched.stream().anyMatch(r -> rangeStart(r) > bytes.length / 2),
            "the seek moved the download there: " + fetched);
      } finally {
        browser.close(tree);
      }
    }
  }

  private static String hex(byte[] bytes, int from, int to) {
    StringBuilder hex = new StringBuilder();
    for (int i = from; i < to; i++) hex.append(String.format("%02x", bytes[i] & 0xff));
    return hex.toString();
  }

  private static ServedRequest takeQuietly(MediaServer server, Duration timeout) throws InterruptedException {
    try {
      return server.takeRequest(timeout);
    } catch (AssertionError none) {
      return null; // nothing yet: the caller checks its deadline and the browser
    }
  }

  private static Map<String, String> query(String target) {
    Map<String, String> values = new LinkedHashMap<>();
    int q = target.indexOf('?');
    if (q < 0) return values;
    for (String pair : target.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static long rangeStart(ServedRequest request) {
    String range = request.header("Range");
    if (range == null || !range.startsWith("bytes=")) return 0;
    String first = range.substring(6, range.indexOf('-'));
    return first.isEmpty() ? 0 : Long.parseLong(first);
  }
}
