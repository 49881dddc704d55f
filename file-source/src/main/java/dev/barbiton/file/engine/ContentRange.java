package dev.barbiton.file.engine;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code Content-Range} header (RFC 9110 §14.4): {@code bytes first-last/complete},
 * {@code bytes first-last/*} or, on a 416, {@code bytes * /complete}.
 *
 * @param first the first byte sent, or -1 for the unsatisfied form
 * @param last the last byte sent (inclusive), or -1 for the unsatisfied form
 * @param complete the full length, if the server knows it
 */
record ContentRange(long first, long last, OptionalLong complete) {
  private static final Pattern SATISFIED = Pattern.compile("\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)\\s*");
  private static final Pattern UNSATISFIED = Pattern.compile("\\s*bytes\\s+\\*/(\\d{1,18})\\s*");

  /** Parses a header value; null when it is absent or malformed. */
  static ContentRange parse(String value) {
    if (value == null) return null;
    Matcher m = SATISFIED.matcher(value);
    if (m.matches()) {
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      OptionalLong complete = m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
      if (last < first || (complete.isPresent() && last >= complete.getAsLong())) return null;
      return new ContentRange(first, last, complete);
    }
    m = UNSATISFIED.matcher(value);
    if (m.matches()) return new ContentRange(-1, -1, OptionalLong.of(Long.parseLong(m.group(1))));
    return null;
  }

  long length() {
    return last - first + 1;
  }
}
