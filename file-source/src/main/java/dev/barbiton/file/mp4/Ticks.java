package dev.barbiton.file.mp4;

/** Conversions between timescales, rounding down and failing rather than overflowing. */
final class Ticks {
  private Ticks() {}

  /**
   * {@code floor(ticks * to / from)} for {@code ticks >= 0} and {@code from, to >= 1}.
   *
   * @throws ArithmeticException if the result exceeds {@link Long#MAX_VALUE}
   */
  static long rescale(long ticks, long from, long to) {
    long whole = Math.multiplyExact(ticks / from, to);
    return Math.addExact(whole, Math.multiplyExact(ticks % from, to) / from);
  }

  /** {@code ticks} of {@code timescale} in milliseconds, rounded down. */
  static long toMillis(long ticks, long timescale) {
    return rescale(ticks, timescale, 1000);
  }
}
