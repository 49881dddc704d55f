package dev.barbiton.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the report: a Barbiton figure beside its baseline, both measured in the same run
 * (each the median of {@code iterations} iterations, with the {@link Spread} of those iterations),
 * and their ratio.
 *
 * @param group the name {@code --only} selects it by ({@code read-seq}, {@code events} …)
 * @param name the line's own name ({@code events 4→2})
 * @param barbiton Barbiton's figure (the median of its iterations), in {@code unit}
 * @param barbitonSpread how Barbiton's iterations spread around that median
 * @param baseline the baseline's figure (the median of its iterations), in {@code unit}
 * @param baselineSpread how the baseline's iterations spread around that median; {@link
 *     Spread#exact} for a computed baseline
 * @param ratio {@code barbiton / baseline}, except where {@code note} says otherwise
 * @param unit what the figures count
 * @param iterations how many measured iterations each median is taken over
 * @param baselineIs what the baseline is, in a few words
 * @param note anything a reader needs to read the figure right; empty if nothing
 * @param barbitonTimedOut Barbiton's median iteration timed out: {@code barbiton} is the timeout,
 *     a lower bound, and so is the ratio
 * @param baselineTimedOut the baseline's median iteration timed out: {@code baseline} is the
 *     timeout, a lower bound, and the ratio an upper bound
 */
record Figure(String group, String name, double barbiton, Spread barbitonSpread, double baseline,
    Spread baselineSpread, double ratio, String unit, int iterations, String baselineIs, String note,
    boolean barbitonTimedOut, boolean baselineTimedOut) {

  Figure {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(barbitonSpread, "barbitonSpread");
    Objects.requireNonNull(baselineSpread, "baselineSpread");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(baselineIs, "baselineIs");
    Objects.requireNonNull(note, "note");
    if (iterations < 1) throw new IllegalArgumentException("iterations < 1: " + iterations);
    if (!Double.isFinite(barbiton) || !Double.isFinite(baseline) || !Double.isFinite(ratio)) {
      throw new IllegalArgumentException(
          name + ": not finite: barbiton=" + barbiton + ", baseline=" + baseline + ", ratio=" + ratio);
    }
  }

  /**
   * A figure of two measured sides, one value per iteration each; the ratio is the median of
   * {@code barbiton} over the median of {@code baseline}.
   *
   * @throws IllegalArgumentException if the sides have different iteration counts, none, or the
   *     baseline's median is not above 0
   */
  static Figure of(String group, String name, double[] barbiton, double[] baseline, String unit,
      String baselineIs, String note) {
    if (barbiton.length != baseline.length) {
      throw new IllegalArgumentException(name + ": iterations differ: " + barbiton.length + " vs " + baseline.length);
    }
    return of(group, name, barbiton, Spread.of(baseline), unit, baselineIs, note);
  }

  /** A figure whose baseline is computed, not measured: it has no spread. */
  static Figure computed(String group, String name, double[] barbiton, double baseline, String unit,
      String baselineIs, String note) {
    return of(group, name, barbiton, Spread.exact(baseline), unit, baselineIs, note);
  }

  private static Figure of(String group, String name, double[] barbiton, Spread baseline, String unit,
      String baselineIs, String note) {
    if (barbiton.length == 0) throw new IllegalArgumentException(name + ": no iterations");
    Spread ours = Spread.of(barbiton);
    if (!(baseline.median() > 0)) throw new IllegalArgumentException(name + ": baseline <= 0: " + baseline.median());
    return new Figure(group, name, ours.median(), ours, baseline.median(), baseline,
        ours.median() / baseline.median(), unit, barbiton.length, baselineIs, note, false, false);
  }

  /**
   * A figure of two timed sides (ms, lower is better) whose iterations may have timed out; the
   * note gets each side's timeouts appended.
   */
  static Figure timed(String group, String name, Samples barbiton, Samples baseline, String baselineIs, String note) {
    if (barbiton.count() != baseline.count()) {
      throw new IllegalArgumentException(name + ": iterations differ: " + barbiton.count() + " vs " + baseline.count());
    }
    StringBuilder fullNote = new StringBuilder(note);
    if (barbiton.timeouts() > 0) append(fullNote, "barbiton " + barbiton.timeoutNote());
    if (baseline.timeouts() > 0) append(fullNote, "baseline " + baseline.timeoutNote());
    double b = barbiton.median();
    double base = Math.max(baseline.median(), 1e-3); // a 0 ms median (sub-ms, rounded) must not divide by 0
    return new Figure(group, name, b, barbiton.spread(), baseline.median(), baseline.spread(), b / base, "ms",
        barbiton.count(), baselineIs, fullNote.toString(), barbiton.medianTimedOut(), baseline.medianTimedOut());
  }

  private static void append(StringBuilder note, String part) {
    if (note.length() > 0) note.append("; ");
    note.append(part);
  }

  /** This figure as a JSON object's members, in the table's order. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", name);
    json.put("group", group);
    json.put("barbiton", barbiton);
    json.put("barbitonSpread", barbitonSpread.toJson());
    json.put("baseline", baseline);
    json.put("baselineSpread", baselineSpread.toJson());
    json.put("ratio", ratio);
    json.put("unit", unit);
    json.put("iterations", iterations);
    json.put("baselineIs", baselineIs);
    if (!note.isEmpty()) json.put("note", note);
    if (barbitonTimedOut) json.put("barbitonTimedOut", true);
    if (baselineTimedOut) json.put("baselineTimedOut", true);
    return json;
  }
}
