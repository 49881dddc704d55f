package dev.barbiton.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the report: a Barbiton figure beside its baseline, both measured in the same run
 * (each the median of {@code iterations} iterations), and their ratio.
 *
 * @param group the name {@code --only} selects it by ({@code read-seq}, {@code events} …)
 * @param name the line's own name ({@code events 4→2})
 * @param barbiton Barbiton's figure, in {@code unit}
 * @param baseline the baseline's figure, in {@code unit}
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
record Figure(String group, String name, double barbiton, double baseline, double ratio, String unit,
    int iterations, String baselineIs, String note, boolean barbitonTimedOut, boolean baselineTimedOut) {

  Figure {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(baselineIs, "baselineIs");
    Objects.requireNonNull(note, "note");
    if (iterations < 1) throw new IllegalArgumentException("iterations < 1: " + iterations);
    if (!Double.isFinite(barbiton) || !Double.isFinite(baseline) || !Double.isFinite(ratio)) {
      throw new IllegalArgumentException(
          name + ": not finite: barbiton=" + barbiton + ", baseline=" + baseline + ", ratio=" + ratio);
    }
  }

  /** A figure whose ratio is {@code barbiton / baseline}. */
  static Figure of(String group, String name, double barbiton, double baseline, String unit,
      int iterations, String baselineIs, String note) {
    if (baseline <= 0) throw new IllegalArgumentException(name + ": baseline <= 0: " + baseline);
    return new Figure(group, name, barbiton, baseline, barbiton / baseline, unit, iterations, baselineIs, note,
        false, false);
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
    return new Figure(group, name, b, baseline.median(), b / base, "ms", barbiton.count(), baselineIs,
        fullNote.toString(), barbiton.medianTimedOut(), baseline.medianTimedOut());
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
    json.put("baseline", baseline);
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
