package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The sample-table map on a real FFmpeg-made moov, and on one made wrong. */
class Mp4TimeMapTest {
  private static ByteBuffer file() throws Exception {
    return ByteBuffer.wrap(Files.readAllBytes(SampleMedia.mp4(30, true).cachedIn(TestMedia.dir())));
  }

  private static BoxHeader moov(ByteBuffer file) throws Exception {
    long pos = 0;
    while (true) {
      BoxHeader box = BoxHeader.parse(file, (int) pos, pos, file.limit());
      if (box.type().equals("moov")) return box;
      pos = box.end();
    }
  }

  private static ByteBuffer moovBytes(ByteBuffer file, BoxHeader moov) {
    return ByteBuffer.wrap(java.util.Arrays.copyOfRange(file.array(), (int) moov.offset(), (int) moov.end()));
  }

  @Test
  void spans_growWithTheRange_andStayInTheMdat() throws Exception {
    ByteBuffer file = file();
    BoxHeader moov = moov(file);
    ByteBuffer bytes = moovBytes(file, moov);
    long[] first10 = Mp4TimeMap.span(bytes, moov, 0, 10_000).orElseThrow();
    long[] first20 = Mp4TimeMap.span(bytes, moov, 0, 20_000).orElseThrow();
    long[] all = Mp4TimeMap.span(bytes, moov, 0, Long.MAX_VALUE).orElseThrow();
    assertEquals(first10[0], first20[0]);
    assertTrue(first10[0] > moov.end(), "moov first: the samples follow it");
    assertTrue(first10[1] < first20[1] && first20[1] < all[1]);
    assertEquals(file.limit(), all[1], "the last sample ends the file");
    double share = (first10[1] - first10[0]) / (double) (all[1] - all[0]);
    assertTrue(share > 0.3 && share < 0.37, "10 s of 30: " + share);
    long[] middle = Mp4TimeMap.span(bytes, moov, 12_500, 15_000).orElseThrow();
    double middleShare = (middle[1] - middle[0]) / (double) (all[1] - all[0]);
    // From the keyframe at 12 s (one a second) to 15 s: 3 s of 30, not 2.5.
    assertTrue(middleShare > 2.8 / 30 && middleShare < 3.3 / 30, "12.5-15 s: " + middleShare);
    assertTrue(Mp4TimeMap.span(bytes, moov, 40_000, 50_000).isEmpty(), "past the end: no sample");
  }

  @Test
  void aSampleCountPastItsBox_isATypedError() throws Exception {
    ByteBuffer file = file();
    BoxHeader moov = moov(file);
    ByteBuffer bytes = moovBytes(file, moov);
    int stsz = new String(bytes.array(), StandardCharsets.ISO_8859_1).indexOf("stsz");
    bytes.putInt(stsz + 8, 0); // sample_size 0: a table of sizes follows
    bytes.putInt(stsz + 12, 0x00ffff00); // and a count it cannot hold
    TimeRangeException e = assertThrows(TimeRangeException.class, () -> Mp4TimeMap.span(bytes, moov, 0, 10_000));
    assertTrue(e.getMessage().contains("stsz") || e.getMessage().contains("samples, more than"), e.getMessage());
  }
}
