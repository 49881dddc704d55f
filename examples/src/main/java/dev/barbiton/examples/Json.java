package dev.barbiton.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A command's result or failure: one JSON object (through Gson) or aligned {@code key value} lines. */
final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Json() {}

  static void print(PrintWriter out, boolean json, Map<String, ?> result) {
    if (json) {
      out.println(GSON.toJson(result));
    } else {
      Map<String, Object> lines = new LinkedHashMap<>();
      flatten("", result, lines);
      int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
      lines.forEach((k, v) -> out.printf("%-" + width + "s%s%n", k, v));
    }
    out.flush();
  }

  /** A nested map's entries as {@code outer.inner} lines, so that text output stays one value a line. */
  private static void flatten(String prefix, Map<String, ?> map, Map<String, Object> into) {
    map.forEach((k, v) -> {
      if (v instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, ?> inner = (Map<String, ?>) nested;
        flatten(prefix + k + ".", inner, into);
      } else {
        into.put(prefix + k, v);
      }
    });
  }

  /** A failure as one JSON object: {@code {"error": {"type": ..., "message": ..., "exitCode": ...}}}. */
  static void error(PrintWriter out, String type, String message, int exitCode) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    error.put("message", message);
    error.put("exitCode", exitCode);
    print(out, true, Map.of("error", error));
  }
}
