package dev.barbiton.examples.bench;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the figures of a run: a plain table with the baselines explained below it, or JSON. Each
 * median has its {@link Spread} beside it, as {@code ±} half the interquartile range in % of the
 * median.
 */
final class Report {
  private static final String[] HEADER =
      {"benchmark", "barbiton", "spread", "baseline", "spread", "ratio", "unit", "iterations"};
  private static final int UNIT_COLUMN = 6;
  private static final String TIMEOUT = "timeout";

  private Report() {}

  static void table(PrintWriter out, List<Figure> figures, boolean quick, int forks, double seconds) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Figure f : figures) {
      rows.add(new String[] {f.name(), f.barbitonTimedOut() ? TIMEOUT : number(f.barbiton()),
          f.barbitonSpread().label(), f.baselineTimedOut() ? TIMEOUT : number(f.baseline()),
          f.baselineSpread().label(), ratio(f), f.unit(), Integer.toString(f.iterations())});
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        boolean numeric = c > 0 && c != UNIT_COLUMN;
        String cell = numeric ? pad(row[c], widths[c], true) : pad(row[c], widths[c], false);
        line.append(c == 0 ? "" : "  ").append(cell);
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    out.println("Medians of the iterations, each with its spread: ± half the interquartile range of the"
        + " iterations, in % of the median.");
    out.println("ratio = barbiton / baseline (the medians) unless noted.");
    if (figures.stream().anyMatch(f -> f.barbitonTimedOut() || f.baselineTimedOut())) {
      out.println(TIMEOUT + ": the median iteration did not finish within its limit (the ratio is then a bound).");
    }
    for (Figure f : figures) {
      out.println("  " + f.name() + ": baseline = " + f.baselineIs() + (f.note().isEmpty() ? "" : "; " + f.note()));
    }
    out.printf(Locale.ROOT, "%s run, JMH forks %d, %.1f s%n", quick ? "Quick" : "Full", forks, seconds);
    out.flush();
  }

  static void json(PrintWriter out, List<Figure> figures, boolean quick, int forks, double seconds) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", quick ? "quick" : "full");
    json.put("jmhForks", forks);
    json.put("elapsedSeconds", Math.round(seconds * 10) / 10.0);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Figure f : figures) list.add(f.toJson());
    json.put("figures", list);
    out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(json));
    out.flush();
  }

  /** Three significant digits or more, never in exponent form. */
  static String number(double value) {
    double abs = Math.abs(value);
    String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : abs >= 0.01 ? "%.3f" : "%.5f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /**
   * The ratio cell. A side whose median timed out makes the ratio a bound: {@code >} if Barbiton
   * timed out (it is at least this much slower), {@code <} if the baseline did, {@code ?} if both.
   */
  static String ratio(Figure f) {
    if (f.barbitonTimedOut() && f.baselineTimedOut()) return "?";
    String bound = f.barbitonTimedOut() ? ">" : f.baselineTimedOut() ? "<" : "";
    return bound + number(f.ratio()) + "x";
  }

  private static String pad(String s, int width, boolean right) {
    String spaces = " ".repeat(width - s.length());
    return right ? spaces + s : s + spaces;
  }
}
