package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many transcodes in one process free what they allocate: resident memory stays flat. */
class RepeatedTranscodeTest {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatedTranscodeTest.class);
  private static final GeneratedSource CLIP = GeneratedSource.testPattern(64, 48, 25, Duration.ofMillis(200));

  @Test
  void twoHundredCyclesLeaveResidentMemoryFlat() throws Exception {
    byte[] input = encode();
    System.gc(); // the first full GC shrinks the heap: before the measured span, as in ThumbnailsTest
    for (int i = 0; i < 20; i++) cycle(input); // warm up: code, pools, the heap's first growth
    System.gc();
    long before = residentKiB();
    for (int i = 0; i < 200; i++) cycle(input);
    System.gc(); // what the heap holds of the cycles' garbage is not a leak
    long growth = residentKiB() - before;
    LOG.info("resident memory growth over 200 transcode cycles: {} KiB", growth);
    assertTrue(growth < 16 * 1024, "resident memory grew " + growth + " KiB over 200 cycles");
  }

  /** Two transcodes: a generated clip encoded, and that clip decoded, filtered and encoded again. */
  private static void cycle(byte[] input) throws IOException {
    encode();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranscodeResult result = Transcoder.from(RandomAccessInput.of(input)).video(VideoSettings.encode("mjpeg").filter("scale=32:24"))
        .audio(AudioSettings.encode("flac")).format("matroska").build().run(OutputSink.streaming(out));
    assertEquals(5, result.videoFrames());
  }

  private static byte[] encode() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Transcoder.from(CLIP).format("matroska").build().run(OutputSink.streaming(out));
    return out.toByteArray();
  }

  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }
}
