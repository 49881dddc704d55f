package dev.barbiton.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.Map;

/** A command's result: one JSON object (through Gson) or aligned {@code key value} lines. */
final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Json() {}

  static void print(PrintWriter out, boolean json, Map<String, ?> result) {
    if (json) {
      out.println(GSON.toJson(result));
    } else {
      int width = result.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
      result.forEach((k, v) -> out.printf("%-" + width + "s%s%n", k, v));
    }
    out.flush();
  }
}
