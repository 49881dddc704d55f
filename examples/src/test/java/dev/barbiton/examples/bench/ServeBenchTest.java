package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class ServeBenchTest {
  @Test
  @Timeout(180)
  void quickServe_givesThroughputFirstByteAndThirtyTwoClients_againstAFileServer() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("--quick", "--only", "serve", "--json");

    assertEquals(0, code, err.toString());
    List<String> names = new ArrayList<>();
    for (JsonElement element : JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("figures")) {
      JsonObject figure = element.getAsJsonObject();
      names.add(figure.get("benchmark").getAsString());
      assertEquals("serve", figure.get("group").getAsString());
      assertTrue(figure.get("barbiton").getAsDouble() > 0 && figure.get("baseline").getAsDouble() > 0, figure.toString());
      String baseline = figure.get("baselineIs").getAsString();
      assertTrue(baseline.startsWith(Nginx.find().isPresent() ? "nginx" : "the loopback test server"), baseline);
    }
    assertEquals(List.of("serve throughput", "serve ttfb", "serve 32 clients"), names);
  }
}
