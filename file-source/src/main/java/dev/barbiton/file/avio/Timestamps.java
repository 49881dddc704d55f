package dev.barbiton.file.avio;

/** Timestamp arithmetic in plain Java, so that no {@code AVRational} is allocated per frame. */
final class Timestamps {
  private Timestamps() {}

  /** {@code ticks * num / den} seconds, in milliseconds rounded toward negative infinity. */
  static long toMillis(long ticks, int num, int den) {
    try {
      return Math.floorDiv(Math.multiplyExact(Math.multiplyExact(ticks, (long) num), 1000L), den);
    } catch (ArithmeticException overflow) {
      return (long) Math.floor((double) ticks * num * 1000.0 / den);
    }
  }
}
