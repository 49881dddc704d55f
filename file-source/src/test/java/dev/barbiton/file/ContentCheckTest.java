package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.TestMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bytes that are not what a media request may cache fail the download, and nothing is cached. */
@Timeout(60)
class ContentCheckTest extends SourceTestBase {
  private static final byte[] HTML = ("<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head>"
      + "<body>" + "x".repeat(5000) + "</body></html>").getBytes(StandardCharsets.UTF_8);

  private NotMediaException refused(String path, byte[] content, String contentType) throws Exception {
    server.serve(path, content).contentType(contentType);
    try (FileSource source = open(path)) {
      DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, awaitOutcome(source));
      NotMediaException e = assertInstanceOf(NotMediaException.class, failed.cause(), failed.cause()::toString);
      assertTrue(source.available().isEmpty(), "nothing cached: " + source.available());
      assertEquals(1, server.requestCount(), "not retried");
      return e;
    } finally {
      assertEquals(0, store.stats().bytesUsed(), store.stats().toString());
    }
  }

  @Test
  void htmlServedAsVideoMp4_isRefused_namingBoth() throws Exception {
    NotMediaException e = refused("/portal.mp4", HTML, "video/mp4");
    assertTrue(e.getMessage().contains("Content-Type video/mp4"), e.getMessage());
    assertTrue(e.getMessage().contains("an HTML page"), e.getMessage());
  }

  @Test
  void jsonServedAsOctetStream_isRefused() throws Exception {
    byte[] json = ("{\"error\": \"token expired\", \"padding\": \"" + "y".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
    NotMediaException e = refused("/api.bin", json, "application/octet-stream");
    assertTrue(e.getMessage().contains("JSON or other text"), e.getMessage());
  }

  @Test
  void garbageServedAsVideoMp4_isRefused() throws Exception {
    NotMediaException e = refused("/garbage.mp4", MediaServer.testContent(200_000, 9), "video/mp4");
    assertTrue(e.getMessage().contains("not MP4"), e.getMessage());
  }

  @Test
  void realMp4ServedAsAudioMpeg_isCached_bytesWin() throws Exception {
    byte[] mp4 = Files.readAllBytes(SampleMedia.mp4(2, true).cachedIn(TestMedia.dir()));
    server.serve("/mislabelled.mp3", mp4).contentType("audio/mpeg");
    try (FileSource source = open("/mislabelled.mp3")) {
      assertFinished(source);
      assertBytes(mp4, source);
    }
  }

  @Test
  void subtitlesServedAsText_areCached() throws Exception {
    byte[] vtt = ("WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n").getBytes(StandardCharsets.UTF_8);
    server.serve("/subs.vtt", vtt).contentType("text/vtt");
    try (FileSource source = open("/subs.vtt")) {
      assertFinished(source);
      assertBytes(vtt, source);
    }
  }

  @Test
  void mediaFormatWithoutSniffer_servedAsVideo_isCached() throws Exception {
    byte[] avi = MediaServer.testContent(50_000, 10);
    System.arraycopy("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1), 0, avi, 0, 16);
    server.serve("/old.avi", avi).contentType("video/x-msvideo");
    try (FileSource source = open("/old.avi")) {
      assertFinished(source);
      assertBytes(avi, source);
    }
  }

  @Test
  void acceptAnyContent_cachesEvenAPage() throws Exception {
    server.serve("/page.html", HTML).contentType("video/mp4");
    try (FileSource source = FileSource.open(server.uri("/page.html"), options().acceptAnyContent(true).build())) {
      assertFinished(source);
      assertArrayEquals(HTML, readAll(source.newInputStream()));
    }
  }

  @Test
  void shortFirstRead_isCheckedOnWhatArrived_andKept() throws Exception {
    byte[] mp4 = Files.readAllBytes(SampleMedia.mp4(2, true).cachedIn(TestMedia.dir()));
    server.serve("/cut.mp4", mp4).contentType("video/mp4").next(dev.barbiton.testing.Fault.disconnectAfter(500));
    try (FileSource source = open("/cut.mp4")) {
      assertFinished(source);
      assertBytes(mp4, source);
      assertEquals("bytes=500-", server.requests().get(1).header("Range"), "the 500 bytes before the cut were kept");
    }
  }
}
