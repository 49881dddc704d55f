package dev.barbiton.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single {@code bytes} range of a {@code Range} header (RFC 9110 14.1.2), as two longs:
 * {@code {first, last}} where {@code first == -1} means a suffix of {@code last} bytes and
 * {@code last == -1} means "to the end".
 */
final class ByteRangeSpec {
  private static final Pattern SINGLE = Pattern.compile("(?i)\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  private ByteRangeSpec() {}

  /** Returns the spec, or null if the header is invalid or asks for several ranges (ignored). */
  static long[] parse(String header) {
    Matcher m = SINGLE.matcher(header);
    if (!m.matches()) return null;
    String first = m.group(1);
    String last = m.group(2);
    if (first.isEmpty() && last.isEmpty()) return null;
    if (first.isEmpty()) return new long[] {-1, number(last)};
    long a = number(first);
    if (last.isEmpty()) return new long[] {a, -1};
    long b = number(last);
    return b < a ? null : new long[] {a, b};
  }

  /** Returns {@code {first, last}} inclusive within {@code total} bytes, or null if unsatisfiable. */
  static long[] resolve(long[] spec, long total) {
    if (spec[0] == -1) {
      long suffix = spec[1];
      if (suffix == 0 || total == 0) return null;
      return new long[] {Math.max(0, total - suffix), total - 1};
    }
    if (spec[0] >= total) return null;
    long last = spec[1] == -1 ? total - 1 : Math.min(spec[1], total - 1);
    return new long[] {spec[0], last};
  }

  /** Digits too long for a long are a position beyond any content. */
  private static long number(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
