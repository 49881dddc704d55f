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
      int width = result.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
      result.forEach((k, v) -> out.printf("%-" + width + "s%s%n", k, v));
    }
    out.flush();
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
