package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import static dev.barbiton.file.mp4.Mp4Bytes.box;
import static dev.barbiton.file.mp4.Mp4Bytes.cat;
import static dev.barbiton.file.mp4.Mp4Bytes.ftyp;
import static dev.barbiton.file.mp4.Mp4Bytes.moov;
import static dev.barbiton.file.mp4.Mp4Bytes.sidx;
import static dev.barbiton.file.mp4.Mp4Bytes.trak;
import static dev.barbiton.file.mp4.Mp4Bytes.trex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Provisional indexes from a leading sidx, against the final index of the same file. */
@Timeout(120)
class SidxTest {

  /** fromSidx over only the first {@code available} bytes: nothing past them exists. */
  private static Optional<SegmentIndex> fromSidx(byte[] file, long available) throws IOException {
    return SegmentIndexer.fromSidx(RandomAccessSource.of(Arrays.copyOf(file, (int) available)), available);
  }

  private static SegmentIndex build(byte[] file) throws IOException {
    return SegmentIndexer.build(RandomAccessSource.of(file), file.length).orElseThrow();
  }

  private static long endOfLeadingSidx(byte[] file) {
    long end = 0;
    for (NaiveBoxes.Box box : NaiveBoxes.topLevel(file)) {
      if (box.type().equals("moof")) break;
      if (box.type().equals("sidx")) end = box.end();
    }
    return end;
  }

  private static void assertSameRangesAndTimes(SegmentIndex expected, SegmentIndex actual) {
    assertEquals(expected.segments().size(), actual.segments().size());
    for (int i = 0; i < expected.segments().size(); i++) {
      Segment e = expected.segments().get(i);
      assertEquals(new Segment(e.offset(), e.size(), e.trackIds(), e.baseDecodeTime(), e.duration(),
          e.startMillis(), e.durationMillis(), 0, e.startsWithSync()), actual.segments().get(i));
    }
    assertEquals(expected.init(), actual.init());
    assertEquals(expected.referenceTrackId(), actual.referenceTrackId());
    assertEquals(expected.trackTimescales(), actual.trackTimescales());
    assertEquals(expected.durationMillis(), actual.durationMillis());
    assertTrue(actual.isProvisional());
  }

  @Test
  void audioVideoSidxPerTrack_matchesTheFinalIndexFromTheBytesUpToTheSidx() throws IOException {
    byte[] file = Files.readAllBytes(SampleMedia.fragmented(6, 2.0, true, true).cachedIn(TestMedia.dir()));
    assertSameRangesAndTimes(build(file), fromSidx(file, endOfLeadingSidx(file)).orElseThrow());
  }

  @Test
  void videoSidx_matchesTheFinalIndexFromTheBytesUpToTheSidx() throws IOException {
    Path path = FfmpegMedia.video("v-gop50-keyframes-sidx", 6, 50, "+frag_keyframe+global_sidx").path();
    byte[] file = Files.readAllBytes(path);
    assertSameRangesAndTimes(build(file), fromSidx(file, endOfLeadingSidx(file)).orElseThrow());
    assertEquals(Optional.empty(), fromSidx(file, endOfLeadingSidx(file) - 1));
  }

  @Test
  void onlyTheVideoSidxAvailable_givesItsRangesForTheVideoTrackAlone() throws IOException {
    byte[] file = Files.readAllBytes(SampleMedia.fragmented(6, 2.0, true, true).cachedIn(TestMedia.dir()));
    List<NaiveBoxes.Box> sidx = NaiveBoxes.ofType(file, "sidx");
    SegmentIndex index = fromSidx(file, sidx.get(0).end()).orElseThrow();
    SegmentIndex complete = build(file);
    assertEquals(complete.segments().stream().map(Segment::byteRange).toList(),
        index.segments().stream().map(Segment::byteRange).toList());
    assertEquals(List.of(1), index.segments().get(0).trackIds());
    assertEquals(Optional.empty(), fromSidx(file, sidx.get(0).end() - 1));
  }

  @Test
  void perFragmentSidx_describesTheFirstFragmentOnly() throws IOException {
    Path path = FfmpegMedia.audioVideo("av-gop50-dash", 6, 50, "+frag_keyframe+dash").path();
    byte[] file = Files.readAllBytes(path);
    SegmentIndex index = fromSidx(file, file.length).orElseThrow();
    Segment first = build(file).segments().get(0);
    assertEquals(List.of(new Segment(first.offset(), first.size(), first.trackIds(),
        first.baseDecodeTime(), first.duration(), first.startMillis(), first.durationMillis(), 0,
        true)), index.segments());
  }

  @Test
  void noSidx_isEmptyEvenWhenComplete() throws IOException {
    byte[] file = Files.readAllBytes(SampleMedia.fragmented(6, 1.0, false, false).cachedIn(TestMedia.dir()));
    assertEquals(Optional.empty(), fromSidx(file, file.length));
  }

  @Test
  void fewerBytesThanAHeader_isEmpty() throws IOException {
    byte[] file = Files.readAllBytes(SampleMedia.fragmented(6, 2.0, true, true).cachedIn(TestMedia.dir()));
    for (int available : new int[] {0, 1, 7, 8, 100}) {
      assertEquals(Optional.empty(), fromSidx(file, available), "available " + available);
    }
  }

  private static byte[] initWithSidx(byte[] sidx) {
    return cat(ftyp(), moov(trak(1, 90000, "vide"), box("mvex", trex(1, 3000, 0))), sidx);
  }

  @Test
  void sidxTimescaleDifferentFromTheTrack_isRescaledToTheTrack() throws IOException {
    byte[] file = initWithSidx(sidx(1, 1000, 500, 0, new long[] {0, 100, 2000, 1}, new long[] {0, 200, 1000, 0}));
    SegmentIndex index = fromSidx(file, file.length).orElseThrow();
    assertEquals(List.of(
            new Segment(file.length, 100, List.of(1), 45000, 180000, 500, 2000, 0, true),
            new Segment(file.length + 100, 200, List.of(1), 225000, 90000, 2500, 1000, 0, false)),
        index.segments());
    assertEquals(90000L, index.trackTimescales().get(1));
  }

  @Test
  void sidxWithoutMoov_usesTheSidxTimescale() throws IOException {
    byte[] file = cat(ftyp(), sidx(7, 1000, 0, 10, new long[] {0, 100, 2000, 1}));
    SegmentIndex index = fromSidx(file, file.length).orElseThrow();
    assertEquals(file.length + 10, index.segments().get(0).offset());
    assertEquals(java.util.Map.of(7, 1000L), index.trackTimescales());
    assertEquals(7, index.referenceTrackId());
  }

  @Test
  void hierarchicalSidx_isEmpty() throws IOException {
    byte[] file = initWithSidx(sidx(1, 90000, 0, 0, new long[] {1, 100, 2000, 1}));
    assertEquals(Optional.empty(), fromSidx(file, file.length));
  }

  @Test
  void referenceOfSizeZero_throws() {
    byte[] file = initWithSidx(sidx(1, 90000, 0, 0, new long[] {0, 0, 2000, 1}));
    Mp4ParseException e = assertThrows(Mp4ParseException.class, () -> fromSidx(file, file.length));
    assertEquals("sidx", e.boxType());
  }

  @Test
  void negativeAvailable_isAnArgumentError() {
    assertThrows(IllegalArgumentException.class, () -> SegmentIndexer.fromSidx(RandomAccessSource.of(new byte[0]), -1));
  }
}
