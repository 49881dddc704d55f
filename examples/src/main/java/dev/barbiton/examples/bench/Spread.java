package dev.barbiton.examples.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How far the iterations of one side of a figure lie from each other: the smallest, the quartiles,
 * the median and the largest. The report prints {@link #percent()}, half the interquartile range
 * in % of the median ({@code ±4.2%}): the middle half of the iterations lies within about that of
 * the median. Quartiles interpolate between the closest ranks (the "inclusive" method: the first
 * quartile of 5 values is the 2nd smallest, of 3 values the mean of the 1st and 2nd).
 *
 * <p>An iteration that timed out counts as {@code +∞}: then {@code q3} or {@code max} may be
 * infinite, and so is {@link #percent()} (the table shows {@code ±?}).
 *
 * @param min the smallest iteration
 * @param q1 the first quartile
 * @param median the median, as {@link Stats#median}
 * @param q3 the third quartile
 * @param max the largest iteration
 */
record Spread(double min, double q1, double median, double q3, double max) {

  Spread {
    if (Double.isNaN(min) || Double.isNaN(q1) || Double.isNaN(median) || Double.isNaN(q3) || Double.isNaN(max)) {
      throw new IllegalArgumentException("NaN in spread: " + min + ", " + q1 + ", " + median + ", " + q3 + ", " + max);
    }
    if (!(min <= q1 && q1 <= median && median <= q3 && q3 <= max)) {
      throw new IllegalArgumentException("not ordered: " + min + ", " + q1 + ", " + median + ", " + q3 + ", " + max);
    }
  }

  /**
   * The spread of {@code values} (not necessarily sorted; {@code +∞} for a timeout).
   *
   * @throws IllegalArgumentException if there are no values, or one is NaN or {@code -∞}
   */
  static Spread of(double... values) {
    if (values.length == 0) throw new IllegalArgumentException("no values");
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (Double.isNaN(sorted[sorted.length - 1]) || sorted[0] == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("not a measurement in " + Arrays.toString(values));
    }
    return new Spread(sorted[0], quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75),
        sorted[sorted.length - 1]);
  }

  /** A value computed, not measured: no spread at all. */
  static Spread exact(double value) {
    return of(value);
  }

  /**
   * Half the interquartile range in % of the median: {@code (q3 - q1) / 2 / median × 100}; 0 if
   * every iteration gave the median, {@code +∞} if {@code q3} timed out or the median is 0 while
   * the quartiles differ.
   */
  double percent() {
    if (Double.isInfinite(q3)) return Double.POSITIVE_INFINITY;
    double halfRange = (q3 - q1) / 2;
    if (halfRange == 0) return 0;
    if (median == 0) return Double.POSITIVE_INFINITY;
    return halfRange / Math.abs(median) * 100;
  }

  /** {@code ±4.2%}, {@code ±12%}, {@code ±0.0%}, or {@code ±?} when it is infinite. */
  String label() {
    double percent = percent();
    if (Double.isInfinite(percent)) return "±?";
    return String.format(Locale.ROOT, percent >= 9.95 ? "±%.0f%%" : "±%.1f%%", percent);
  }

  /**
   * As JSON members: {@code percent}, {@code min}, {@code q1}, {@code q3}, {@code max}; a member
   * that is infinite (a timeout) is left out.
   */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    putFinite(json, "percent", percent());
    putFinite(json, "min", min);
    putFinite(json, "q1", q1);
    putFinite(json, "q3", q3);
    putFinite(json, "max", max);
    return json;
  }

  private static void putFinite(Map<String, Object> json, String name, double value) {
    if (Double.isFinite(value)) json.put(name, value);
  }

  /** The {@code p}-quantile of {@code sorted}, interpolating linearly between closest ranks. */
  private static double quantile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    double low = sorted[below];
    double high = sorted[above];
    if (below == above || low == high) return low;
    if (Double.isInfinite(high)) return high;
    return low + (rank - below) * (high - low);
  }
}
