package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.TestMedia;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PNG thumbnails of the H.265 fixture and of an H.264 file served over HTTP: size and aspect, the
 * frame chosen (compared as bytes: the same decoded frame encodes to the same PNG), the end of the
 * stream, audio-only input, argument checks, the atomic file, and native memory over many cycles.
 */
@Timeout(120)
class ThumbnailsTest extends AvioTestSupport {

  @Test
  void hevcAtOneSecond_fullSizePngOfAVariedPicture() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      Image image = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 1000));
      assertEquals(320, image.width(), "never scaled up");
      assertEquals(240, image.height());
      assertVaried(image);
    }
  }

  @Test
  void hevcMaxWidth160_halvesIt_odd101KeepsTheAspect() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      Image half = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 160));
      assertEquals(160, half.width());
      assertEquals(120, half.height());
      assertVaried(half);
      Image small = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 101));
      assertEquals(101, small.width(), "odd sizes are fine for PNG");
      assertEquals(76, small.height(), "240 * 101 / 320 = 75.75, rounded");
    }
  }

  @Test
  void frameChosen_isTheFirstAtOrAfterTheTime_acrossAKeyframe() throws Exception {
    // The fixture has frames every 40 ms and keyframes at 0 and 1 s.
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      byte[] atOne = Thumbnails.png(demuxer, Duration.ofSeconds(1), 160);
      byte[] justBefore = Thumbnails.png(demuxer, Duration.ofMillis(961), 160);
      byte[] frameBefore = Thumbnails.png(demuxer, Duration.ofMillis(960), 160);
      byte[] first = Thumbnails.png(demuxer, Duration.ZERO, 160);
      assertArrayEquals(atOne, justBefore, "961 ms: decoded on from the keyframe at 0 to the frame at 1000 ms");
      assertFalse(Arrays.equals(atOne, frameBefore), "960 ms is a frame of its own");
      assertFalse(Arrays.equals(atOne, first), "the test pattern moves");
    }
  }

  @Test
  void hevcAtOneAndAHalfSeconds_looksLikeFfmpegsOwnThumbnail() throws Exception {
    // FFmpeg's own path to a picture at 1.5 s: seek, then decode and drop frames before 1.5 s, as
    // Thumbnails does; both take the frame at 1520 ms (frames every 40 ms). The scale filter with
    // the scaler's flags of Thumbnails.
    Image expected = decode(png(Transcoder.from(RandomAccessInput.of(hevcFixture())).start(Duration.ofMillis(1500)),
        "scale=160:120:flags=bicubic+accurate_rnd+full_chroma_int"));
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      Image actual = decode(Thumbnails.png(demuxer, Duration.ofMillis(1500), 160));
      assertEquals(expected.width(), actual.width());
      assertEquals(expected.height(), actual.height());
      double difference = meanDifference(expected, actual);
      // Measured: 1.9 per channel, and the pictures look identical side by side. The
      // frames before and after, at 1480 and 1560 ms, differ by 5.7 and 6.6.
      assertTrue(difference < 3.0, "mean difference per channel: " + difference);
      double other = meanDifference(expected, decode(Thumbnails.png(demuxer, Duration.ofMillis(1460), 160)));
      assertTrue(other > 2 * difference, "the frame before (1480 ms) differs more: " + other + " vs " + difference);
    }
  }

  @Test
  void atPastTheEnd_givesTheLastFrame() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      byte[] last = Thumbnails.png(demuxer, Duration.ofMillis(1960), 160); // frame 49 of 50
      byte[] beforeLast = Thumbnails.png(demuxer, Duration.ofMillis(1920), 160);
      assertFalse(Arrays.equals(last, beforeLast));
      assertArrayEquals(last, Thumbnails.png(demuxer, Duration.ofMillis(1961), 160));
      assertArrayEquals(last, Thumbnails.png(demuxer, Duration.ofSeconds(10), 160));
      assertArrayEquals(last, Thumbnails.png(demuxer, Duration.ofDays(365 * 1000), 160), "no overflow");
    }
  }

  @Test
  void h264ServedOverHttp_pngAtOneSecond_andPastTheEnd() throws Exception {
    Path file = SampleMedia.mp4(5, true).cachedIn(TestMedia.dir());
    server.serve("/h264.mp4", Files.readAllBytes(file));
    try (FileSource source = open("/h264.mp4"); AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      Image full = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 320));
      assertEquals(320, full.width());
      assertEquals(240, full.height());
      assertVaried(full);
      Image half = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 160));
      assertEquals(160, half.width());
      assertEquals(120, half.height());
      byte[] lastFrame = Thumbnails.png(demuxer, Duration.ofMillis(4960), 160); // 125 frames at 25 fps
      assertArrayEquals(lastFrame, Thumbnails.png(demuxer, Duration.ofMinutes(1), 160));
    }
  }

  @Test
  void demuxerClosedWhileAThumbnailWaitsForBytes_throwsCancelledPromptly() throws Exception {
    // 20 s at ~58 KB/s: the keyframe at 4 s starts near 250 KB, the frame at 4.96 s ends past
    // 290 KB. The server stalls at 280 KB, so the thumbnail blocks between the two.
    long stallAt = 280_000;
    server.serve("/stall.mp4", Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()))).next(Fault.stallAfter(stallAt));
    try (FileSource source = open("/stall.mp4")) {
      AvioDemuxer demuxer = AvioDemuxer.open(source);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread thumbnailer = new Thread(() -> {
        try {
          Thumbnails.png(demuxer, Duration.ofMillis(4960), 160);
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "thumbnailer");
      thumbnailer.start();
      awaitCondition("server stalled", () -> server.bodyBytesSent() >= stallAt);
      awaitBlocked(thumbnailer);
      long start = System.nanoTime();
      demuxer.close();
      thumbnailer.join(DEADLINE.toMillis());
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertFalse(thumbnailer.isAlive(), "thumbnail still blocked");
      assertTrue(tookMillis < 1000, "returned after " + tookMillis + " ms");
      AvioException e = assertInstanceOf(AvioException.class, failure.get());
      assertTrue(e.cancelled(), e::toString);
      assertEquals(AvioException.Stage.READ_FRAME, e.stage());
    }
  }

  @Test
  void afterAThumbnail_aSeekResumesReadingPackets() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture()); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      Thumbnails.png(demuxer, Duration.ofMillis(1500), 64);
      decoder.seek(0);
      assertEquals(0, nextVideoFrame(decoder).ptsMillis().orElseThrow());
      assertEquals(HEVC_VIDEO_FRAMES - 1, decodeAll(decoder)[0]);
    }
  }

  @Test
  void audioOnlyInput_throwsThumbnailStageNamingTheStreams() throws Exception {
    Path m4a = dir.resolve("sine.m4a");
    Transcoder.from(new GeneratedSource(Optional.empty(), Optional.of("sine=frequency=440:sample_rate=44100"),
        Duration.ofSeconds(1))).audio(AudioSettings.encode("aac")).format("ipod").build().run(OutputSink.of(m4a));
    try (AvioDemuxer demuxer = AvioDemuxer.open(Files.readAllBytes(m4a))) {
      AvioException e = assertThrows(AvioException.class, () -> Thumbnails.png(demuxer, Duration.ZERO, 160));
      assertEquals(AvioException.Stage.THUMBNAIL, e.stage());
      assertEquals(avutil.AVERROR_STREAM_NOT_FOUND(), e.errorCode());
      assertFalse(e.cancelled());
      assertEquals("thumbnail: no video stream to take a thumbnail from; the input has 1 stream: #0 audio aac",
          e.getMessage());
      Path target = dir.resolve("never.png");
      assertThrows(AvioException.class, () -> Thumbnails.writePng(demuxer, Duration.ZERO, 160, target));
      assertFalse(Files.exists(target));
    }
  }

  @Test
  void audioWithCoverArt_givesTheCoverWhateverTheTime() throws Exception {
    byte[] cover = png(Transcoder.from(new GeneratedSource(Optional.of("testsrc2=size=200x100:rate=25"), Optional.empty(),
        Duration.ofSeconds(1))), "null");
    ByteArrayOutputStream mp3 = new ByteArrayOutputStream();
    Transcoder.from(new GeneratedSource(Optional.empty(), Optional.of("sine=frequency=440:sample_rate=44100"),
            Duration.ofSeconds(2))).audio(AudioSettings.encode("libmp3lame")).format("mp3")
        .formatOption("id3v2_version", "0").build().run(OutputSink.streaming(mp3));
    try (AvioDemuxer demuxer = AvioDemuxer.open(withFrontCover(mp3.toByteArray(), cover))) {
      Image image = decode(Thumbnails.png(demuxer, Duration.ofSeconds(1), 100));
      assertEquals(100, image.width());
      assertEquals(50, image.height());
      assertVaried(image);
      assertArrayEquals(Thumbnails.png(demuxer, Duration.ZERO, 100), Thumbnails.png(demuxer, Duration.ofHours(1), 100));
    }
  }

  @Test
  void badArguments_throwIllegalArgumentWithTheValue() throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
          () -> Thumbnails.png(demuxer, Duration.ofMillis(-1), 160));
      assertEquals("at < 0: PT-0.001S", negative.getMessage());
      IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
          () -> Thumbnails.png(demuxer, Duration.ZERO, 0));
      assertEquals("maxWidth < 1: 0", zero.getMessage());
      assertThrows(NullPointerException.class, () -> Thumbnails.png(demuxer, null, 160));
    }
  }

  @Test
  void closedDemuxer_throwsIllegalState() throws Exception {
    AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture());
    demuxer.close();
    assertThrows(IllegalStateException.class, () -> Thumbnails.png(demuxer, Duration.ZERO, 160));
  }

  @Test
  void writePng_replacesTheFileWholly_leavesNoTemporaryFile() throws Exception {
    Path out = Files.createDirectories(dir.resolve("thumbs"));
    Path target = out.resolve("frame.png");
    Files.writeString(target, "old content", StandardCharsets.US_ASCII);
    try (AvioDemuxer demuxer = AvioDemuxer.open(hevcFixture())) {
      Thumbnails.writePng(demuxer, Duration.ofSeconds(1), 160, target);
      assertArrayEquals(Thumbnails.png(demuxer, Duration.ofSeconds(1), 160), Files.readAllBytes(target));
    }
    Image image;
    try (InputStream in = Files.newInputStream(target)) {
      image = Image.read(in);
    }
    assertEquals(160, image.width());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(target), files.toList(), "only the thumbnail");
    }
  }

  /**
   * 200 open / thumbnail / close cycles, measuring the resident set. Checked by removing one free
   * at a time from {@code Thumbnails}: leaking the decoder grows it by 443 MB, the RGB picture by
   * 29 MB, the decoded frame by 21 MB. The bound of 16 MB leaves room for what is not a leak (see
   * {@link ManyDemuxersTest}); measured here: +4 to +5 MB, most of it JIT code and malloc arenas.
   */
  @Test
  void twoHundredThumbnailCycles_residentSetStaysFlat() throws Exception {
    byte[] fixture = hevcFixture();
    System.gc(); // the first full GC shrinks the heap: before the measured span (see ManyDemuxersTest)
    for (int i = 0; i < 20; i++) thumbnailCycle(fixture, i);
    System.gc();
    long before = residentKiB();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) thumbnailCycle(fixture, i);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.gc();
    long growthKiB = residentKiB() - before;
    System.out.printf("thumbnail leak check: VmRSS growth %d KiB over 200 cycles (%d ms)%n", growthKiB, millis);
    assertTrue(growthKiB < 16 * 1024, "resident set grew " + growthKiB + " KiB over 200 cycles");
  }

  private static void thumbnailCycle(byte[] fixture, int i) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(fixture)) {
      // Alternate: a thumbnail from a keyframe, one decoded on past it, one past the end.
      Duration at = Duration.ofMillis(switch (i % 3) {
        case 0 -> 1000;
        case 1 -> 1500;
        default -> 5000;
      });
      byte[] png = Thumbnails.png(demuxer, at, i % 2 == 0 ? 160 : 320);
      if (png.length < 100) throw new AssertionError("png of " + png.length + " bytes");
    }
  }

  /** The first picture of {@code transcoder}'s video after {@code filter}, as a PNG made by FFmpeg's encoder. */
  private static byte[] png(Transcoder.Builder transcoder, String filter) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    transcoder.duration(Duration.ofMillis(40)).video(VideoSettings.encode("png").filter(filter).pixelFormat("rgb24"))
        .audio(AudioSettings.none()).format("image2pipe").build().run(OutputSink.streaming(out));
    return out.toByteArray();
  }

  /** {@code mp3} after an ID3v2.3 tag whose one frame, an APIC, holds {@code png} as the front cover. */
  private static byte[] withFrontCover(byte[] mp3, byte[] png) {
    byte[] mime = "image/png".getBytes(StandardCharsets.US_ASCII);
    int frame = 1 + mime.length + 1 + 1 + 1 + png.length; // text encoding, MIME type, NUL, picture type, empty description
    int tag = 10 + frame;
    ByteBuffer file = ByteBuffer.allocate(10 + tag + mp3.length);
    file.put("ID3".getBytes(StandardCharsets.US_ASCII)).put((byte) 3).put((byte) 0).put((byte) 0);
    for (int shift = 21; shift >= 0; shift -= 7) file.put((byte) ((tag >> shift) & 0x7f)); // synchsafe size
    file.put("APIC".getBytes(StandardCharsets.US_ASCII)).putInt(frame).putShort((short) 0);
    file.put((byte) 0).put(mime).put((byte) 0).put((byte) 3).put((byte) 0).put(png);
    return file.put(mp3).array();
  }

  private static Image decode(byte[] png) throws IOException {
    assertTrue(png.length > 8 && (png[0] & 0xff) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "PNG signature");
    return Image.read(new ByteArrayInputStream(png));
  }

  /**
   * A picture as {@code javax.imageio.ImageIO} reads it. Reached by reflection because the tests
   * compile inside the {@code dev.barbiton.file} module, which does not read {@code java.desktop}
   * (and should not, for a test); at run time the tests are on the class path, where it is there.
   */
  record Image(int width, int height, int[] argb) {
    static Image read(InputStream in) throws IOException {
      try {
        Class<?> imageIO = Class.forName("javax.imageio.ImageIO");
        Object image = imageIO.getMethod("read", InputStream.class).invoke(null, in);
        assertNotNull(image, "ImageIO reads it");
        Class<?> type = Class.forName("java.awt.image.BufferedImage");
        int width = (int) type.getMethod("getWidth").invoke(image);
        int height = (int) type.getMethod("getHeight").invoke(image);
        Method getRgb =
            type.getMethod("getRGB", int.class, int.class, int.class, int.class, int[].class, int.class, int.class);
        int[] argb = (int[]) getRgb.invoke(image, 0, 0, width, height, null, 0, width);
        return new Image(width, height, argb);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof IOException io) throw io;
        throw new AssertionError(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("javax.imageio is not there", e);
      }
    }

    int rgb(int x, int y) {
      return argb[y * width + x];
    }
  }

  /** The test patterns have colour bars, gradients and text: many distinct colours. */
  private static void assertVaried(Image image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.height(); y += 2) {
      for (int x = 0; x < image.width(); x += 2) colours.add(image.rgb(x, y));
    }
    assertTrue(colours.size() > 100, "distinct colours: " + colours.size());
  }

  /** Mean absolute difference of the red, green and blue values (0 to 255) of two pictures. */
  private static double meanDifference(Image a, Image b) {
    long sum = 0;
    for (int i = 0; i < a.argb().length; i++) {
      int p = a.argb()[i];
      int q = b.argb()[i];
      for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
    }
    return sum / (3.0 * a.argb().length);
  }

  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }
}
