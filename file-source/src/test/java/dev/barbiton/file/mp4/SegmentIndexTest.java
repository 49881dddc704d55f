package dev.barbiton.file.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.barbiton.assets.ByteRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lookups by time and byte offset, and the invariants of indexes and segments. */
class SegmentIndexTest {

  /** A segment of track 1 at 1 kHz. */
  private static Segment segment(long offset, long size, long startMillis, long durationMillis) {
    return new Segment(offset, size, List.of(1), startMillis, durationMillis, startMillis,
        durationMillis, 25, true);
  }

  private static SegmentIndex index(Segment... segments) {
    return new SegmentIndex(new ByteRange(0, segments[0].offset()), List.of(segments),
        Map.of(1, 1000L), 1, false);
  }

  // Bytes: [100, 200) [200, 300) gap [350, 400); times: [0, 1000) [1000, 2000) [2000, 2500).
  private final Segment a = segment(100, 100, 0, 1000);
  private final Segment b = segment(200, 100, 1000, 1000);
  private final Segment c = segment(350, 50, 2000, 500);
  private final SegmentIndex index = index(a, b, c);

  @Test
  void segmentAt_findsTheSegmentStartingAtOrBeforeTheTime() {
    assertEquals(Optional.of(a), index.segmentAt(0));
    assertEquals(Optional.of(a), index.segmentAt(999));
    assertEquals(Optional.of(b), index.segmentAt(1000));
    assertEquals(Optional.of(c), index.segmentAt(2499));
    assertEquals(Optional.of(c), index.segmentAt(2500));
    assertEquals(Optional.of(c), index.segmentAt(Long.MAX_VALUE));
  }

  @Test
  void segmentAt_beforeTheFirstStart_givesTheFirst() {
    SegmentIndex late = index(segment(100, 100, 5000, 1000), segment(200, 100, 6000, 1000));
    assertEquals(late.segments().get(0), late.segmentAt(0).orElseThrow());
  }

  @Test
  void segmentAt_zeroLengthSegments_givesTheLastStartingThere() {
    Segment empty = segment(200, 10, 1000, 0);
    Segment next = segment(210, 10, 1000, 1000);
    assertEquals(Optional.of(next), index(a, empty, next).segmentAt(1000));
  }

  @Test
  void segmentContaining_findsOnlyOffsetsInsideASegment() {
    assertEquals(Optional.empty(), index.segmentContaining(0));
    assertEquals(Optional.empty(), index.segmentContaining(99));
    assertEquals(Optional.of(a), index.segmentContaining(100));
    assertEquals(Optional.of(a), index.segmentContaining(199));
    assertEquals(Optional.of(b), index.segmentContaining(200));
    assertEquals(Optional.empty(), index.segmentContaining(300));
    assertEquals(Optional.of(c), index.segmentContaining(399));
    assertEquals(Optional.empty(), index.segmentContaining(400));
  }

  @Test
  void segmentAtOrAfter_skipsGapsAndInit() {
    assertEquals(Optional.of(a), index.segmentAtOrAfter(0));
    assertEquals(Optional.of(b), index.segmentAtOrAfter(250));
    assertEquals(Optional.of(c), index.segmentAtOrAfter(300));
    assertEquals(Optional.of(c), index.segmentAtOrAfter(349));
    assertEquals(Optional.empty(), index.segmentAtOrAfter(400));
    assertEquals(Optional.empty(), index.segmentAtOrAfter(Long.MAX_VALUE));
  }

  @Test
  void negativeArguments_areArgumentErrors() {
    assertEquals("timeMillis < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> index.segmentAt(-1)).getMessage());
    assertEquals("byteOffset < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> index.segmentContaining(-1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> index.segmentAtOrAfter(-1));
  }

  @Test
  void accessors_describeTheWholeIndex() {
    assertEquals(new ByteRange(0, 100), index.init());
    assertEquals(2500, index.durationMillis());
    assertEquals(List.of(a, b, c), index.segments());
    List<Segment> iterated = new ArrayList<>();
    index.forEach(iterated::add);
    assertEquals(List.of(a, b, c), iterated);
    assertThrows(UnsupportedOperationException.class, () -> index.segments().clear());
    assertThrows(UnsupportedOperationException.class, () -> index.trackTimescales().clear());
  }

  @Test
  void manySegments_lookupsAgreeWithALinearScan() {
    List<Segment> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) many.add(segment(1000 + 30L * i, 20, 7L * i, 7));
    SegmentIndex big = new SegmentIndex(new ByteRange(0, 1000), many, Map.of(1, 1000L), 1, false);
    for (long t = 0; t < 7100; t += 3) {
      long time = t;
      Segment expected = many.stream().filter(s -> s.startMillis() <= time).reduce((x, y) -> y).orElseThrow();
      assertEquals(expected, big.segmentAt(t).orElseThrow());
    }
    for (long o = 0; o < 32000; o += 7) {
      long offset = o;
      assertEquals(many.stream().filter(s -> s.contains(offset)).findFirst(), big.segmentContaining(o));
      assertEquals(many.stream().filter(s -> s.end() > offset).findFirst(), big.segmentAtOrAfter(o));
    }
  }

  @Test
  void invalidIndexes_areRejected() {
    Map<Integer, Long> ts = Map.of(1, 1000L);
    ByteRange init = new ByteRange(0, 100);
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(), ts, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(b, a), ts, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(a, segment(150, 100, 1000, 5)), ts, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(a, b, segment(350, 10, 500, 5)), ts, 1, false));
    Segment otherTrack = new Segment(300, 10, List.of(2), 2000, 0, 2000, 0, 0, true);
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(a, b, otherTrack), ts, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(new ByteRange(0, 150), List.of(a), ts, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new SegmentIndex(init, List.of(a), ts, 2, false));
  }

  @Test
  void invalidSegments_areRejectedWithTheValue() {
    assertEquals("offset < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> new Segment(-1, 1, List.of(1), 0, 0, 0, 0, 0, true)).getMessage());
    assertEquals("size < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new Segment(0, 0, List.of(1), 0, 0, 0, 0, 0, true)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Segment(Long.MAX_VALUE, 1, List.of(1), 0, 0, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(), 0, 0, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(0), 0, 0, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), -1, 0, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), 0, -1, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), 0, 0, -1, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), 0, 0, 0, -1, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), 0, 0, 1, Long.MAX_VALUE, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of(1), 0, 0, 0, 0, -1, true));
    assertThrows(NullPointerException.class, () -> new Segment(0, 1, null, 0, 0, 0, 0, 0, true));
  }

  @Test
  void segment_copiesItsTrackIds() {
    List<Integer> ids = new ArrayList<>(List.of(1, 2));
    Segment s = new Segment(0, 1, ids, 0, 0, 0, 0, 0, true);
    ids.add(3);
    assertEquals(List.of(1, 2), s.trackIds());
    assertEquals(new ByteRange(0, 1), s.byteRange());
  }
}
