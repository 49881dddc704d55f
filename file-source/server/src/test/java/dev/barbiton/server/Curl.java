package dev.barbiton.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code curl} executable as a test client: body to a file, headers parsed, status from {@code -w}. */
final class Curl {
  /**
   * One run.
   *
   * @param exit curl's exit code (0, or e.g. 18 for a body cut short)
   * @param status the last response's status, 0 if none
   * @param headers the last response's headers, names in lower case (the last value of each)
   * @param body every body byte received
   * @param writeOut what {@code -w} printed after the status
   */
  record Result(int exit, int status, Map<String, String> headers, byte[] body, String writeOut, String stderr) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return "curl exit " + exit + ", status " + status + ", " + body.length + " body bytes, headers " + headers
          + ", -w " + writeOut + ", stderr " + stderr;
    }
  }

  private Curl() {}

  /** Runs {@code curl -s -S} with {@code args} (URLs among them) in {@code dir}; waits up to 120 s. */
  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    Path body = Files.createTempFile(dir, "curl-", ".body");
    Path headers = Files.createTempFile(dir, "curl-", ".headers");
    Path err = Files.createTempFile(dir, "curl-", ".err");
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "100", "-o", body.toString(),
        "-D", headers.toString(), "-w", "%{http_code} %{num_connects}\\n"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("curl did not end: " + command);
    }
    String[] lines = out.split("\n");
    String last = lines[lines.length - 1];
    int status = last.isEmpty() ? 0 : Integer.parseInt(last.split(" ")[0]);
    Result result = new Result(process.exitValue(), status, parseHeaders(Files.readString(headers, StandardCharsets.ISO_8859_1)),
        Files.readAllBytes(body), out, Files.readString(err));
    Files.delete(body);
    Files.delete(headers);
    Files.delete(err);
    return result;
  }

  /** The headers of the last response in a {@code -D} dump (which holds every response in turn). */
  private static Map<String, String> parseHeaders(String dump) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : dump.split("\r\n")) {
      if (line.startsWith("HTTP/")) {
        headers.clear();
        headers.put(":status-line", line);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return headers;
  }
}
