package dev.barbiton.server;

import java.util.Locale;

/**
 * What a {@code Range} header asks for (RFC 9110 section 14.2), before the length is known: one
 * {@code bytes} range, or nothing the server acts on.
 *
 * <p>A header that is not valid {@code bytes} range syntax is ignored, as RFC 9110 14.2 allows
 * (a server "MAY ignore or reject a Range header field that contains an invalid
 * ranges-specifier"): the answer is then the whole representation, 200. So is a request for
 * several ranges, which RFC 9110 14.2 lets a server answer whole too: players ask for one range at
 * a time, and a multipart answer would let one request make the server send a file many times
 * over (the overlapping ranges RFC 9110 17.15 warns of).
 *
 * <p>Immutable. {@code first < 0} means a suffix of {@code suffixLength} bytes; {@code last < 0}
 * means to the end.
 */
final class ByteRange {
  /** The kinds of answers a {@code Range} header leads to. */
  enum Kind {
    /** No header, or one to ignore: answer 200 with everything. */
    WHOLE,
    /** One range: answer 206, or 416 when it is not satisfiable. */
    SINGLE
  }

  /** Digits beyond this many are a position past any file: 18 digits always fit a long. */
  private static final int MAX_DIGITS = 18;

  static final ByteRange WHOLE = new ByteRange(Kind.WHOLE, -1, -1, -1);

  private final Kind kind;
  private final long first;
  private final long last;
  private final long suffixLength;

  private ByteRange(Kind kind, long first, long last, long suffixLength) {
    this.kind = kind;
    this.first = first;
    this.last = last;
    this.suffixLength = suffixLength;
  }

  Kind kind() {
    return kind;
  }

  /** The first byte asked for, or -1 for a suffix (or {@link Kind#WHOLE}). */
  long first() {
    return first;
  }

  /**
   * Parses a {@code Range} header value; null (absent) is {@link #WHOLE}. Never throws: what is not
   * one valid {@code bytes} range is {@link #WHOLE}.
   */
  static ByteRange parse(String header) {
    if (header == null) return WHOLE;
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) return WHOLE;
    ByteRange found = null;
    int count = 0;
    for (String part : header.substring(eq + 1).split(",", -1)) {
      String spec = part.trim();
      if (spec.isEmpty()) continue; // RFC 9110 5.6.1: empty list elements do not count
      ByteRange range = spec(spec);
      if (range == null) return WHOLE; // one invalid range makes the whole header invalid
      found = range;
      count++;
    }
    return count == 1 ? found : WHOLE;
  }

  private static ByteRange spec(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) return null;
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      long suffix = number(b);
      return suffix < 0 ? null : new ByteRange(Kind.SINGLE, -1, -1, suffix);
    }
    long from = number(a);
    if (from < 0) return null;
    if (b.isEmpty()) return new ByteRange(Kind.SINGLE, from, -1, -1);
    long to = number(b);
    if (to < 0 || to < from) return null; // last < first: invalid (RFC 9110 14.1.1)
    return new ByteRange(Kind.SINGLE, from, to, -1);
  }

  /** The value of 1*DIGIT, {@link Long#MAX_VALUE} for more digits than fit, -1 if not digits. */
  private static long number(String digits) {
    if (digits.isEmpty()) return -1;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return -1;
    }
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
  }

  /**
   * The bytes this range selects of a representation of {@code length} bytes, as {@code {start,
   * endExclusive}}, or null when none can be (RFC 9110 14.1.1: a first position at or past the
   * length, a suffix of 0 bytes, any range of an empty file): answer 416.
   */
  long[] resolve(long length) {
    if (kind == Kind.WHOLE) return new long[] {0, length};
    if (first < 0) {
      if (suffixLength == 0 || length == 0) return null;
      return new long[] {Math.max(0, length - suffixLength), length};
    }
    if (first >= length) return null;
    long end = last < 0 || last >= length - 1 ? length : last + 1;
    return new long[] {first, end};
  }

  @Override
  public String toString() {
    if (kind == Kind.WHOLE) return "whole";
    if (first < 0) return "bytes=-" + suffixLength;
    return "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last));
  }
}
