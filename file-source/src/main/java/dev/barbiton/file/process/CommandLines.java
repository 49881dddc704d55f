package dev.barbiton.file.process;

import dev.barbiton.events.Redaction;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Command lines as logs may show them: no query strings, user info or header values. */
final class CommandLines {
  private CommandLines() {}

  static String redacted(List<String> command) {
    StringJoiner line = new StringJoiner(" ");
    String previous = "";
    for (String arg : command) {
      line.add(quoted(redact(previous, arg)));
      previous = arg;
    }
    return line.toString();
  }

  private static String redact(String previous, String arg) {
    if (previous.equals("-headers") || previous.equals("-H") || previous.equals("--header")) return headerNames(arg);
    if (arg.contains("://")) return Redaction.url(arg);
    String lower = arg.toLowerCase(Locale.ROOT);
    if (lower.startsWith("authorization:") || lower.startsWith("cookie:")) return headerNames(arg);
    return Redaction.text(arg);
  }

  /** {@code "Authorization: Bearer x\r\nX-Id: 7\r\n"} → {@code "Authorization: <redacted>\r\nX-Id: <redacted>"}. */
  private static String headerNames(String headers) {
    StringJoiner names = new StringJoiner("\\r\\n");
    for (String header : headers.split("\r?\n")) {
      int colon = header.indexOf(':');
      if (!header.trim().isEmpty()) names.add((colon < 0 ? header : header.substring(0, colon)) + ": <redacted>");
    }
    return names.toString();
  }

  private static String quoted(String arg) {
    return arg.isEmpty() || arg.matches(".*[\\s'\"].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg;
  }
}
