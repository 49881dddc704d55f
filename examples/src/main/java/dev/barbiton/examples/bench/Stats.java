package dev.barbiton.examples.bench;

import java.util.Arrays;

/** Medians and percentiles of measured samples. */
final class Stats {
  private Stats() {}

  /** The median of {@code values}: the mean of the two middle ones for an even count. */
  static double median(double[] values) {
    if (values.length == 0) throw new IllegalArgumentException("no values");
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The {@code p}-th percentile (nearest rank) of {@code sorted}, which must be sorted ascending.
   *
   * @throws IllegalArgumentException if {@code p} is not in (0, 100] or there are no values
   */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) throw new IllegalArgumentException("no values");
    if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("p not in (0, 100]: " + p);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Decimal megabytes per second for {@code bytes} moved in {@code nanos}. */
  static double megabytesPerSecond(long bytes, long nanos) {
    if (nanos <= 0) throw new IllegalArgumentException("nanos <= 0: " + nanos);
    return bytes / 1e6 / (nanos / 1e9);
  }
}
