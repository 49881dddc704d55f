package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void oddCount_medianIsTheMiddleValue() {
    assertEquals(3.0, Stats.median(new double[] {9, 1, 3}));
  }

  @Test
  void evenCount_medianIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Stats.median(new double[] {4, 1, 2, 3}));
  }

  @Test
  void percentile_usesTheNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < sorted.length; i++) sorted[i] = i + 1;
    assertEquals(50, Stats.percentile(sorted, 50));
    assertEquals(99, Stats.percentile(sorted, 99));
    assertEquals(100, Stats.percentile(sorted, 100));
    assertEquals(7, Stats.percentile(new long[] {7}, 99));
  }

  @Test
  void percentileOutOfRange_throws() {
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 101));
  }

  @Test
  void megabytesPerSecond_isDecimal() {
    assertEquals(500.0, Stats.megabytesPerSecond(1_000_000_000L, 2_000_000_000L), 1e-9);
  }
}
