package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Cues map on a real FFmpeg-made Matroska file, and on bytes that are not one. */
class MatroskaCuesTest {
  @Test
  void cues_giveTheHeadTheCuesAndTheClustersOfTheRange() throws Exception {
    byte[] file = Files.readAllBytes(SampleMedia.matroska(30).cachedIn(TestMedia.dir()));
    List<ByteRange> first = new ArrayList<>();
    assertTrue(MatroskaCues.map(RandomAccessSource.of(file), file.length, 0, 10_000, first));
    List<ByteRange> all = new ArrayList<>();
    assertTrue(MatroskaCues.map(RandomAccessSource.of(file), file.length, 0, Long.MAX_VALUE, all));
    assertEquals(0, first.get(0).start(), "the head first");
    assertEquals(file.length, ByteRanges.of(all).end());
    double share = ByteRanges.of(first).totalBytes() / (double) file.length;
    assertTrue(share > 0.3 && share < 0.4, "10 s of 30: " + share);
    List<ByteRange> middle = new ArrayList<>();
    assertTrue(MatroskaCues.map(RandomAccessSource.of(file), file.length, 12_500, 15_000, middle));
    ByteRange clusters = middle.get(middle.size() - 1);
    assertTrue(clusters.length() > file.length * 2.5 / 30 && clusters.length() < file.length * 3.5 / 30, clusters.toString());
  }

  @Test
  void notMatroska_orCutShort_isFalseOrATypedError() throws Exception {
    byte[] file = Files.readAllBytes(SampleMedia.matroska(5).cachedIn(TestMedia.dir()));
    byte[] other = "not matroska at all, just some text".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertFalse(MatroskaCues.map(RandomAccessSource.of(other), other.length, 0, 1000, new ArrayList<>()));
    byte[] cut = java.util.Arrays.copyOf(file, 40);
    // The first 40 bytes of a file said to be 40,000 long: its SeekHead runs past them.
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> MatroskaCues.map(RandomAccessSource.of(cut), 40_000, 0, 1000, new ArrayList<>()));
    assertTrue(e instanceof TimeRangeException || e instanceof java.io.EOFException, e.toString());
  }
}
