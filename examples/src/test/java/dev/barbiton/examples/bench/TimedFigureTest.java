package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians with timeouts, the figures made of them and how the report shows them. */
class TimedFigureTest {
  private static Samples samples(double... millis) {
    Samples samples = new Samples(60_000);
    for (double ms : millis) {
      if (Double.isInfinite(ms)) samples.timeout(); else samples.add(ms);
    }
    return samples;
  }

  @Test
  void fewerThanHalfTimedOut_medianIsAMeasurement() {
    Samples samples = samples(10, Double.POSITIVE_INFINITY, 30);

    assertEquals(30, samples.median());
    assertFalse(samples.medianTimedOut());
    assertEquals("timed out (60 s) in 1 of 3 iterations", samples.timeoutNote());
  }

  @Test
  void halfOrMoreTimedOut_medianIsTheLimit() {
    Samples samples = samples(10, Double.POSITIVE_INFINITY, 30, Double.POSITIVE_INFINITY);

    assertTrue(samples.medianTimedOut());
    assertEquals(60_000, samples.median());
  }

  @Test
  void noIterations_hasNoMedian() {
    assertThrows(IllegalStateException.class, () -> new Samples(1).median());
  }

  @Test
  void barbitonTimedOut_tableSaysTimeoutAndTheRatioIsALowerBound() {
    Figure figure = Figure.timed("ttff", "ttff fmp4 2MB/s", samples(Double.POSITIVE_INFINITY), samples(150),
        "FFmpeg's http", "goal <= 1.0");

    assertTrue(figure.barbitonTimedOut());
    assertFalse(figure.baselineTimedOut());
    assertEquals(400, figure.ratio(), 1e-9);
    assertEquals(">400x", Report.ratio(figure));
    StringWriter out = new StringWriter();
    Report.table(new PrintWriter(out), List.of(figure), true, 1, 1.0);
    String table = out.toString();
    assertTrue(table.contains("ttff fmp4 2MB/s   timeout      ±?       150   ±0.0%  >400x  ms"), table);
    assertTrue(table.contains("goal <= 1.0; barbiton timed out (60 s) in 1 of 1 iterations"), table);
    assertEquals(true, figure.toJson().get("barbitonTimedOut"));
  }

  @Test
  void sidesWithDifferentIterationCounts_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> Figure.timed("ttff", "x", samples(1, 2), samples(1), "b", ""));
  }
}
