package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.RandomAccessInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stills, contact sheets and animated previews, each decoded again and measured. */
class PreviewsTest {
  @TempDir static Path dir;
  static byte[] media;

  @BeforeAll
  static void makeMedia() throws Exception {
    media = Files.readAllBytes(SampleMedia.mp4(4, true).cachedIn(dir));
  }

  private static RandomAccessInput input() {
    return RandomAccessInput.of(media);
  }

  @Test
  void aFrameInEachImageFormat() throws Exception {
    byte[] png = Previews.frame(PreviewsTest::input, Duration.ofMillis(1500), 160, Previews.ImageFormat.PNG);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    MediaCheck pngCheck = MediaCheck.of(png);
    assertEquals("png", pngCheck.video().orElseThrow().codecName());
    assertEquals(160, pngCheck.video().orElseThrow().width());
    assertEquals(120, pngCheck.video().orElseThrow().height());

    byte[] jpeg = Previews.frame(PreviewsTest::input, Duration.ofMillis(1500), 1000, Previews.ImageFormat.JPEG);
    assertEquals((byte) 0xFF, jpeg[0]);
    assertEquals((byte) 0xD8, jpeg[1]);
    assertEquals(320, MediaCheck.of(jpeg).video().orElseThrow().width(), "never wider than the picture");

    byte[] webp = Previews.frame(PreviewsTest::input, Duration.ZERO, 100, Previews.ImageFormat.WEBP);
    assertEquals("RIFF", new String(webp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals("WEBP", new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aTimePastTheEndIsATypedError() {
    TranscodeException e = assertThrows(TranscodeException.class,
        () -> Previews.frame(PreviewsTest::input, Duration.ofSeconds(60), 160, Previews.ImageFormat.PNG));
    assertTrue(e.getMessage().contains("no video frame at or after 60.000 s"), e.getMessage());
  }

  @Test
  void aContactSheetTilesFramesAcrossTheDuration() throws Exception {
    byte[] sheet = Previews.contactSheet(PreviewsTest::input, 5, 3, 80, Previews.ImageFormat.PNG);
    MediaCheck check = MediaCheck.of(sheet);
    assertEquals(240, check.video().orElseThrow().width(), "three tiles of 80");
    assertEquals(120, check.video().orElseThrow().height(), "two rows of 60");
  }

  @Test
  void animatedPreviews() throws Exception {
    byte[] gif = Previews.animated(PreviewsTest::input, Duration.ofSeconds(1), Duration.ofSeconds(2), 120, 10,
        Previews.AnimatedFormat.GIF);
    assertEquals("GIF89a", new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
    MediaCheck check = MediaCheck.of(gif);
    assertEquals(120, check.video().orElseThrow().width());
    assertEquals(20, check.videoFrames(), 1);

    byte[] webp = Previews.animated(PreviewsTest::input, Duration.ZERO, Duration.ofSeconds(1), 120, 10,
        Previews.AnimatedFormat.WEBP);
    assertEquals("WEBP", new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(new String(webp, java.nio.charset.StandardCharsets.ISO_8859_1).contains("ANIM"), "an animated WebP");
  }
}
