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
 */
record Figure(String group, String name, double barbiton, double baseline, double ratio, String unit,
    int iterations, String baselineIs, String note) {

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
    return new Figure(group, name, barbiton, baseline, barbiton / baseline, unit, iterations, baselineIs, note);
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
    return json;
  }
}
