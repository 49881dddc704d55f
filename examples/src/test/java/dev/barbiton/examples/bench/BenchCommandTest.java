package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  @Timeout(120)
  void quickJsonOfEventsAndRandomReads_hasEveryFigureWithBaselineRatioAndSpreads() {
    int code = execute("--quick", "--forks", "0", "--only", "events,read-random", "--json");

    assertEquals(0, code, err.toString());
    JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertEquals("quick", json.get("mode").getAsString());
    Set<String> groups = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (JsonElement element : json.getAsJsonArray("figures")) {
      JsonObject figure = element.getAsJsonObject();
      String name = figure.get("benchmark").getAsString();
      groups.add(figure.get("group").getAsString());
      names.add(name);
      double barbiton = figure.get("barbiton").getAsDouble();
      double baseline = figure.get("baseline").getAsDouble();
      double ratio = figure.get("ratio").getAsDouble();
      assertTrue(barbiton > 0, name + ": barbiton " + barbiton);
      assertTrue(baseline > 0, name + ": baseline " + baseline);
      assertEquals(barbiton / baseline, ratio, ratio * 1e-9, name + ": ratio");
      assertFalse(figure.get("unit").getAsString().isEmpty(), name + ": unit");
      assertFalse(figure.get("baselineIs").getAsString().isEmpty(), name + ": baselineIs");
      assertTrue(figure.get("iterations").getAsInt() >= 3, name + ": iterations");
      for (String side : new String[] {"barbitonSpread", "baselineSpread"}) {
        JsonObject spread = figure.getAsJsonObject(side);
        assertTrue(spread.get("percent").getAsDouble() >= 0, name + ": " + side + " " + spread);
        assertTrue(spread.get("min").getAsDouble() <= spread.get("q1").getAsDouble()
            && spread.get("q3").getAsDouble() <= spread.get("max").getAsDouble(), name + ": " + side + " " + spread);
      }
    }
    assertEquals(Set.of("events", "read-random"), groups);
    assertEquals(Set.of("events 1→1", "events 4→2", "events 1→1 overload", "read-random"), names);
  }

  @Test
  void unknownBenchmark_isAUsageErrorNamingTheKnownOnes() {
    int code = execute("--only", "events,teleport");

    assertEquals(CommandLine.ExitCode.USAGE, code);
    assertTrue(err.toString().contains("unknown benchmark: teleport"), err.toString());
    assertTrue(err.toString().contains("read-random"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void forksOtherThanZeroOrOne_isAUsageError() {
    int code = execute("--forks", "2", "--only", "events");

    assertEquals(CommandLine.ExitCode.USAGE, code);
    assertTrue(err.toString().contains("--forks must be 0 or 1: 2"), err.toString());
  }
}
