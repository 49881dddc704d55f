package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteRangesTest {

  @Test
  void touchingRanges_mergeIntoOne() {
    ByteRanges r = ByteRanges.empty().with(10, 20).with(20, 30).with(0, 10);
    assertEquals(List.of(new ByteRange(0, 30)), r.ranges());
    assertEquals(30, r.totalBytes());
  }

  @Test
  void rangeBridgingSeveral_mergesThemAll() {
    ByteRanges r = ByteRanges.empty().with(0, 5).with(10, 15).with(20, 25).with(3, 22);
    assertEquals(List.of(new ByteRange(0, 25)), r.ranges());
  }

  @Test
  void containedRange_returnsSameInstance() {
    ByteRanges r = ByteRanges.empty().with(0, 100);
    assertSame(r, r.with(10, 20));
  }

  @Test
  void contiguousFrom_countsToTheEndOfTheCoveringRange() {
    ByteRanges r = ByteRanges.empty().with(10, 20).with(30, 40);
    assertEquals(0, r.contiguousFrom(5));
    assertEquals(10, r.contiguousFrom(10));
    assertEquals(1, r.contiguousFrom(19));
    assertEquals(0, r.contiguousFrom(20));
    assertEquals(20, r.firstMissing(10));
    assertEquals(25, r.firstMissing(25));
    assertTrue(r.contains(12, 8));
    assertFalse(r.contains(12, 9));
    assertTrue(r.contains(50, 0));
  }

  @Test
  void truncatedTo_cutsRangesAtTheLimit() {
    ByteRanges r = ByteRanges.empty().with(0, 10).with(20, 40);
    assertEquals(List.of(new ByteRange(0, 10), new ByteRange(20, 25)), r.truncatedTo(25).ranges());
  }

  @Test
  void negativeArguments_throwWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteRanges.empty().contains(-1, 1));
    assertEquals("pos < 0: -1", e.getMessage());
  }

  @Test
  void randomAdds_agreeWithABitSet() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      ByteRanges r = ByteRanges.empty();
      BitSet bits = new BitSet();
      for (int i = 0; i < 30; i++) {
        int start = random.nextInt(1000);
        int end = start + random.nextInt(60);
        r = r.with(start, end);
        bits.set(start, end);
      }
      assertEquals(bits.cardinality(), r.totalBytes());
      for (int pos = 0; pos < 1100; pos++) {
        int expected = bits.get(pos) ? bits.nextClearBit(pos) - pos : 0;
        assertEquals(expected, r.contiguousFrom(pos), "pos " + pos + " in " + r);
      }
      assertEquals(r, ByteRanges.of(r.ranges()));
    }
  }

  @Test
  void unionWithoutIntersection_matchABitSetModel() {
    Random random = new Random(9);
    for (int round = 0; round < 300; round++) {
      BitSet a = new BitSet();
      BitSet b = new BitSet();
      ByteRanges ra = randomRanges(random, a);
      ByteRanges rb = randomRanges(random, b);
      BitSet union = (BitSet) a.clone();
      union.or(b);
      BitSet without = (BitSet) a.clone();
      without.andNot(b);
      BitSet both = (BitSet) a.clone();
      both.and(b);
      assertEquals(fromBits(union), ra.union(rb));
      assertEquals(fromBits(without), ra.without(rb));
      assertEquals(fromBits(both), ra.intersection(rb));
      int start = random.nextInt(200);
      int end = start + random.nextInt(40);
      assertEquals(a.get(start, Math.max(start, end)).cardinality() > 0, ra.intersects(start, end), "intersects " + start + ".." + end);
    }
  }

  @Test
  void of_unsortedOverlappingAndTouching_agreesWithABitSet() {
    Random random = new Random(3);
    for (int round = 0; round < 300; round++) {
      BitSet bits = new BitSet();
      java.util.List<ByteRange> list = new java.util.ArrayList<>();
      for (int i = random.nextInt(12); i > 0; i--) {
        int start = random.nextInt(300);
        int end = start + random.nextInt(40);
        list.add(new ByteRange(start, end));
        bits.set(start, end);
      }
      assertEquals(fromBits(bits), ByteRanges.of(list), list.toString());
    }
  }

  @Test
  void of_aMillionRanges_isNotQuadratic() {
    java.util.List<ByteRange> list = new java.util.ArrayList<>();
    for (int i = 999_999; i >= 0; i--) list.add(new ByteRange(10L * i, 10L * i + 5)); // reversed: worst case for one at a time
    long start = System.nanoTime();
    ByteRanges r = ByteRanges.of(list);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1_000_000, r.rangeCount());
    assertEquals(5_000_000, r.totalBytes());
    assertTrue(millis < 5_000, "took " + millis + " ms"); // adding one at a time: hours
  }

  private static ByteRanges randomRanges(Random random, BitSet model) {
    ByteRanges r = ByteRanges.empty();
    for (int i = random.nextInt(6); i > 0; i--) {
      int start = random.nextInt(200);
      int end = start + 1 + random.nextInt(30);
      r = r.with(start, end);
      model.set(start, end);
    }
    return r;
  }

  private static ByteRanges fromBits(BitSet bits) {
    ByteRanges r = ByteRanges.empty();
    for (int i = bits.nextSetBit(0); i >= 0; ) {
      int end = bits.nextClearBit(i);
      r = r.with(i, end);
      i = bits.nextSetBit(end);
    }
    return r;
  }
}
