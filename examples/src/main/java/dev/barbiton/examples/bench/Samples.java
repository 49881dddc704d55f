package dev.barbiton.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measured iterations of one side of a timed figure (milliseconds, lower is better), where an
 * iteration may also have timed out. A timeout counts as slower than any measurement, so the
 * median is a measurement as long as fewer than half the iterations timed out; otherwise the
 * median <i>is</i> a timeout, and {@link #median()} gives the limit (a lower bound of the truth).
 *
 * <p>Not thread-safe: one benchmark thread fills it.
 */
final class Samples {
  private final double limitMillis;
  private final List<Double> millis = new ArrayList<>();
  private int timeouts;

  /** @param limitMillis the timeout of one iteration, in ms */
  Samples(double limitMillis) {
    if (!(limitMillis > 0)) throw new IllegalArgumentException("limitMillis <= 0: " + limitMillis);
    this.limitMillis = limitMillis;
  }

  /** Adds one measured iteration. */
  void add(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException("not a time: " + value);
    millis.add(value);
  }

  /** Adds one iteration that did not finish within the limit. */
  void timeout() {
    timeouts++;
  }

  /** Iterations so far, measured or timed out. */
  int count() {
    return millis.size() + timeouts;
  }

  int timeouts() {
    return timeouts;
  }

  double limitMillis() {
    return limitMillis;
  }

  /** True if the median iteration timed out: {@link #median()} is then the limit. */
  boolean medianTimedOut() {
    return Double.isInfinite(rawMedian());
  }

  /**
   * The median, timeouts counted as infinitely slow; the limit if that median is a timeout.
   *
   * @throws IllegalStateException if there are no iterations
   */
  double median() {
    double median = rawMedian();
    return Double.isInfinite(median) ? limitMillis : median;
  }

  /**
   * The spread of the iterations, timeouts counted as {@code +∞}.
   *
   * @throws IllegalStateException if there are no iterations
   */
  Spread spread() {
    return Spread.of(all());
  }

  /** "timed out (60 s) in 2 of 5 iterations", or empty if none did. */
  String timeoutNote() {
    if (timeouts == 0) return "";
    return String.format(Locale.ROOT, "timed out (%.0f s) in %d of %d iterations", limitMillis / 1e3, timeouts, count());
  }

  private double rawMedian() {
    return Stats.median(all());
  }

  /** Every iteration, a timeout as {@code +∞}. */
  private double[] all() {
    if (count() == 0) throw new IllegalStateException("no iterations");
    double[] all = new double[count()];
    for (int i = 0; i < millis.size(); i++) all[i] = millis.get(i);
    for (int i = millis.size(); i < all.length; i++) all[i] = Double.POSITIVE_INFINITY;
    return all;
  }
}
