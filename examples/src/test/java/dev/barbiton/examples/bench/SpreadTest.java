package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spread beside each median: quartiles, its ± percentage, and how the report shows it. */
class SpreadTest {
  @Test
  void fiveValues_quartilesAreTheSecondAndFourth() {
    Spread spread = Spread.of(50, 10, 40, 20, 30);

    assertEquals(new Spread(10, 20, 30, 40, 50), spread);
    assertEquals(100.0 * (40 - 20) / 2 / 30, spread.percent(), 1e-9);
    assertEquals("±33%", spread.label());
  }

  @Test
  void evenCount_quartilesInterpolateAndTheMedianIsTheMeanOfTheMiddleTwo() {
    Spread spread = Spread.of(4, 1, 3, 2);

    assertEquals(1.75, spread.q1(), 1e-12);
    assertEquals(2.5, spread.median(), 1e-12);
    assertEquals(3.25, spread.q3(), 1e-12);
    assertEquals(Stats.median(new double[] {4, 1, 3, 2}), spread.median());
  }

  @Test
  void threeValues_quartilesAreMidwayToTheMiddle() {
    Spread spread = Spread.of(100, 90, 110);

    assertEquals(95, spread.q1(), 1e-12);
    assertEquals(105, spread.q3(), 1e-12);
    assertEquals(5.0, spread.percent(), 1e-9);
    assertEquals("±5.0%", spread.label());
  }

  @Test
  void oneOutlier_movesTheExtremesButNotThePercent() {
    Spread steady = Spread.of(99, 100, 100, 100, 101);
    Spread outlier = Spread.of(99, 100, 100, 100, 1_000);

    assertEquals(steady.percent(), outlier.percent(), 1e-12);
    assertEquals(1_000, outlier.max());
  }

  @Test
  void singleOrEqualValues_haveNoSpread() {
    assertEquals(0, Spread.of(7).percent());
    assertEquals(0, Spread.exact(7200).percent());
    assertEquals(0, Spread.of(3, 3, 3).percent());
    assertEquals("±0.0%", Spread.of(3, 3, 3).label());
  }

  @Test
  void zeroMedianWithSpread_isUnbounded() {
    Spread spread = Spread.of(0, 0, 0, 1, 2);

    assertEquals(Double.POSITIVE_INFINITY, spread.percent());
    assertEquals("±?", spread.label());
  }

  @Test
  void timeoutInTheUpperQuartile_makesThePercentUnknownAndLeavesItOutOfJson() {
    Spread spread = Spread.of(10, 20, Double.POSITIVE_INFINITY);

    assertEquals(20, spread.median());
    assertEquals(Double.POSITIVE_INFINITY, spread.q3());
    assertEquals("±?", spread.label());
    Map<String, Object> json = spread.toJson();
    assertFalse(json.containsKey("percent"), json.toString());
    assertFalse(json.containsKey("q3"), json.toString());
    assertFalse(json.containsKey("max"), json.toString());
    assertEquals(10.0, json.get("min"));
    assertEquals(15.0, json.get("q1"));
  }

  @Test
  void everyIterationTimedOut_isInfiniteNotNaN() {
    Spread spread = Spread.of(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    assertEquals(Double.POSITIVE_INFINITY, spread.percent());
  }

  @Test
  void noValuesOrNaN_areRefused() {
    assertThrows(IllegalArgumentException.class, Spread::of);
    assertThrows(IllegalArgumentException.class, () -> Spread.of(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Spread.of(Double.NEGATIVE_INFINITY, 1));
    assertThrows(IllegalArgumentException.class, () -> new Spread(2, 1, 3, 4, 5));
  }

  @Test
  void samplesWithATimeout_spreadCountsItAsSlowest() {
    Samples samples = new Samples(60_000);
    samples.add(12);
    samples.timeout();
    samples.add(10);
    samples.add(11);

    Spread spread = samples.spread();
    assertEquals(10, spread.min());
    assertEquals(11.5, spread.median(), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, spread.max());
  }

  @Test
  void figureOf_takesMediansAndSpreadsOfBothSides() {
    Figure figure = Figure.of("download", "download", new double[] {300, 330, 310, 320, 340},
        new double[] {200, 200, 200, 210, 190}, "MB/s", "plain", "");

    assertEquals(320, figure.barbiton());
    assertEquals(200, figure.baseline());
    assertEquals(1.6, figure.ratio(), 1e-12);
    assertEquals(5, figure.iterations());
    assertEquals(new Spread(300, 310, 320, 330, 340), figure.barbitonSpread());
    assertEquals(0, figure.baselineSpread().percent());
  }

  @Test
  void figureOfSidesWithDifferentIterationCounts_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Figure.of("g", "x", new double[] {1, 2}, new double[] {1}, "ms", "b", ""));
  }

  @Test
  void computedBaseline_hasNoSpread() {
    Figure figure = Figure.computed("seek", "seek to 90 %", new double[] {1, 2, 3}, 7200, "ms", "computed", "");

    assertEquals(7200, figure.baseline());
    assertEquals(new Spread(7200, 7200, 7200, 7200, 7200), figure.baselineSpread());
    assertEquals(3, figure.iterations());
  }

  @Test
  void table_showsEachSpreadBesideItsMedian() {
    Figure figure = Figure.of("read-seq", "read-seq", new double[] {18000, 19000, 20000},
        new double[] {25000, 26000, 26000}, "MB/s", "FileChannel.read", "");
    StringWriter out = new StringWriter();

    Report.table(new PrintWriter(out), List.of(figure), false, 1, 1.0);

    String[] lines = out.toString().split("\n");
    assertEquals("benchmark  barbiton  spread  baseline  spread   ratio  unit  iterations", lines[0]);
    assertEquals("read-seq      19000   ±2.6%     26000   ±1.0%  0.731x  MB/s           3", lines[1]);
    assertTrue(out.toString().contains("each with its spread: ± half the interquartile range"), out.toString());
  }

  @Test
  void json_hasBothSpreadsWithQuartilesAndExtremes() {
    Figure figure = Figure.of("events", "events 1→1", new double[] {4, 5, 6}, new double[] {5, 5, 5}, "M ev/s",
        "ArrayBlockingQueue", "");
    StringWriter out = new StringWriter();

    Report.json(new PrintWriter(out), List.of(figure), true, 1, 1.0);

    Map<?, ?> json = new Gson().fromJson(out.toString(), Map.class);
    Map<?, ?> first = (Map<?, ?>) ((List<?>) json.get("figures")).get(0);
    Map<?, ?> ours = (Map<?, ?>) first.get("barbitonSpread");
    assertEquals(10.0, (Double) ours.get("percent"), 1e-9);
    assertEquals(4.0, ours.get("min"));
    assertEquals(4.5, ours.get("q1"));
    assertEquals(5.5, ours.get("q3"));
    assertEquals(6.0, ours.get("max"));
    assertEquals(0.0, ((Map<?, ?>) first.get("baselineSpread")).get("percent"));
  }
}
