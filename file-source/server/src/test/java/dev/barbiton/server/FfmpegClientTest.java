package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.ServedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FFmpeg's own executables as clients, through their http protocol (a new connection and a {@code
 * Range: bytes=N-} per seek), decoding while the download runs.
 */
@Timeout(180)
class FfmpegClientTest extends ServerFixture {
  @Test
  void ffprobe_countsEveryFrame_whileTheDownloadRuns() throws Exception {
    Path file = SampleMedia.mp4(10, false).cachedIn(MEDIA); // moov at the end: the probe seeks there first
    URI local = serve("/moov-last.mp4", Files.readAllBytes(file));
    origin.resource("/moov-last.mp4").throttle(256 << 10);

    String throughServer = framesCounted(local.toString());

    assertEquals(framesCounted(file.toString()), throughServer);
    assertTrue(Integer.parseInt(throughServer) >= 250, throughServer);
    origin.awaitIdle(DEADLINE);
    long sent = origin.bodyBytesSent();
    assertTrue(sent <= Files.size(file) + (256 << 10), "fetched " + sent + " of " + Files.size(file) + ": " + origin.requests());
  }

  @Test
  void ffmpeg_decodesTheSameFramesAsFromTheFile() throws Exception {
    Path file = SampleMedia.mp4(6, true).cachedIn(MEDIA);
    URI local = serve("/faststart.mp4", Files.readAllBytes(file));
    origin.resource("/faststart.mp4").throttle(512 << 10);

    // One line per decoded frame, with its checksum: every picture and every audio frame equal.
    String throughServer = FfmpegTools.run("ffmpeg", "-v", "error", "-i", local.toString(), "-f", "framecrc", "-");

    assertEquals(FfmpegTools.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framecrc", "-"), throughServer);
    assertTrue(throughServer.lines().filter(l -> l.startsWith("0,")).count() >= 150, "video frames");
  }

  @Test
  void seekFarAhead_movesTheDownloadThere() throws Exception {
    Path file = SampleMedia.mp4(60, true).cachedIn(MEDIA);
    long size = Files.size(file);
    URI local = serve("/long.mp4", Files.readAllBytes(file));
    origin.resource("/long.mp4").throttle(128 << 10); // the whole file would take half a minute

    String frame = FfmpegTools.run("ffmpeg", "-v", "error", "-ss", "54", "-i", local.toString(),
        "-frames:v", "1", "-f", "framecrc", "-");

    long sentWhenDone = origin.bodyBytesSent();
    assertFalse(frame.lines().filter(l -> l.startsWith("0,")).findAny().isEmpty(), "a frame at 54 s: " + frame);
    assertTrue(sentWhenDone < size * 8 / 10, "the sequential download did not get there first: " + sentWhenDone + " of " + size);
    List<ServedRequest> requests = origin.requests();
    assertTrue(requests.stream().anyMatch(r -> rangeStart(r) > size * 8 / 10), "a request far ahead: " + requests);
  }

  @Test
  void seekInAnOriginOfUnknownLength_findsTheFramesItWouldFindAtTheOrigin() throws Exception {
    Path file = SampleMedia.mp4(60, true).cachedIn(MEDIA);
    URI local = serve("/unknown.mp4", Files.readAllBytes(file));
    // Chunked and no ranges: the server cannot tell the length before the end either.
    origin.resource("/unknown.mp4").chunked(true).ignoreRange(true).throttle(1 << 20);

    String throughServer = FfmpegTools.run("ffmpeg", "-v", "error", "-ss", "45", "-i", local.toString(),
        "-frames:v", "1", "-f", "framecrc", "-");
    String fromOrigin = FfmpegTools.run("ffmpeg", "-v", "error", "-ss", "45", "-i", origin.url("/unknown.mp4"),
        "-frames:v", "1", "-f", "framecrc", "-");
    String fromFile = FfmpegTools.run("ffmpeg", "-v", "error", "-ss", "45", "-i", file.toString(),
        "-frames:v", "1", "-f", "framecrc", "-");

    assertEquals(videoFrames(fromFile), videoFrames(throughServer), "the frame at 45 s");
    assertEquals(videoFrames(fromOrigin), videoFrames(throughServer));
    assertFalse(videoFrames(throughServer).isEmpty(), throughServer);
  }

  private static List<String> videoFrames(String framecrc) {
    return framecrc.lines().filter(l -> l.startsWith("0,")).toList();
  }

  /** What {@code ffprobe -count_frames} says the first video stream of {@code input} has. */
  private static String framesCounted(String input) throws Exception {
    return FfmpegTools.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", input).trim();
  }

  private static long rangeStart(ServedRequest request) {
    String range = request.header("Range");
    if (range == null || !range.startsWith("bytes=")) return 0;
    String first = range.substring(6, range.indexOf('-'));
    return first.isEmpty() ? 0 : Long.parseLong(first);
  }
}
