package dev.barbiton.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code Range} header asks for (RFC 9110 section 14.2), before the length is known: the
 * whole representation, or one or more {@code bytes} range-specs. Immutable.
 *
 * <p>A header that is not valid {@code bytes} range syntax is ignored, as RFC 9110 14.2 allows
 * (a server "MAY ignore or reject a Range header field that contains an invalid
 * ranges-specifier"): the answer is then the whole representation, 200. So is a header of more
 * than {@value #MAX_RANGES} ranges (what Apache's {@code MaxRanges} does): RFC 9110 17.15 warns of
 * many small or overlapping ranges as a way to make a server work or send a file many times over.
 * Overlapping and adjacent ranges are coalesced ({@link #resolve}), so a multipart answer never
 * carries a byte twice and is never longer than the representation and its part headers.
 */
final class ByteRange {
  /** The most range-specs a header may list and still be honoured. */
  static final int MAX_RANGES = 32;

  /** Digits beyond this many are a position past any file: 18 digits always fit a long. */
  private static final int MAX_DIGITS = 18;

  static final ByteRange WHOLE = new ByteRange(List.of());

  /** One {@code range-spec}: {@code first < 0} is a suffix of {@code suffixLength}; {@code last < 0}, to the end. */
  private record Spec(long first, long last, long suffixLength) {}

  private final List<Spec> specs;

  private ByteRange(List<Spec> specs) {
    this.specs = specs;
  }

  /** Whether the answer is the whole representation: no header, or one to ignore. */
  boolean isWhole() {
    return specs.isEmpty();
  }

  /** Whether the header asks for exactly one range. */
  boolean isSingle() {
    return specs.size() == 1;
  }

  /** The first byte of the first range, or -1 for a suffix (or the whole). */
  long first() {
    return specs.isEmpty() ? -1 : specs.get(0).first();
  }

  /** The last byte of the only range, or -1 when it runs to the end (or is not one closed range). */
  long last() {
    return specs.size() == 1 ? specs.get(0).last() : -1;
  }

  /**
   * Parses a {@code Range} header value; null (absent) is {@link #WHOLE}. Never throws: what is not
   * a valid {@code bytes} ranges-specifier of at most {@value #MAX_RANGES} ranges is {@link #WHOLE}.
   */
  static ByteRange parse(String header) {
    if (header == null) return WHOLE;
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) return WHOLE;
    List<Spec> specs = new ArrayList<>();
    for (String part : header.substring(eq + 1).split(",", -1)) {
      String text = part.trim();
      if (text.isEmpty()) continue; // RFC 9110 5.6.1: empty list elements do not count
      Spec spec = spec(text);
      if (spec == null) return WHOLE; // one invalid range makes the whole header invalid
      if (specs.size() == MAX_RANGES) return WHOLE;
      specs.add(spec);
    }
    return specs.isEmpty() ? WHOLE : new ByteRange(Collections.unmodifiableList(specs));
  }

  private static Spec spec(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) return null;
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      long suffix = number(b);
      return suffix < 0 ? null : new Spec(-1, -1, suffix);
    }
    long from = number(a);
    if (from < 0) return null;
    if (b.isEmpty()) return new Spec(from, -1, -1);
    long to = number(b);
    if (to < 0 || to < from) return null; // last < first: invalid (RFC 9110 14.1.1)
    return new Spec(from, to, -1);
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
   * The bytes these ranges select of a representation of {@code length} bytes: for {@link #WHOLE}
   * one span of everything; else the satisfiable ranges (RFC 9110 14.1.1: not one whose first
   * position is at or past the length, nor a suffix of 0 bytes, nor any range of an empty file),
   * in the order asked — or, when some overlap or touch, coalesced and in ascending order (RFC 9110
   * 14.2 lets a server coalesce them). Empty when none is satisfiable: answer 416.
   */
  List<Span> resolve(long length) {
    if (specs.isEmpty()) return List.of(new Span(0, length));
    List<Span> spans = new ArrayList<>(specs.size());
    for (Spec spec : specs) {
      Span span = resolve(spec, length);
      if (span != null) spans.add(span);
    }
    if (spans.size() < 2) return spans;
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(Span::start));
    List<Span> merged = new ArrayList<>(sorted.size());
    Span current = sorted.get(0);
    for (Span next : sorted.subList(1, sorted.size())) {
      if (next.start() <= current.end()) {
        current = new Span(current.start(), Math.max(current.end(), next.end()));
      } else {
        merged.add(current);
        current = next;
      }
    }
    merged.add(current);
    return merged.size() == spans.size() ? spans : merged; // nothing coalesced: the order asked
  }

  private static Span resolve(Spec spec, long length) {
    if (spec.first() < 0) {
      if (spec.suffixLength() == 0 || length == 0) return null;
      return new Span(Math.max(0, length - spec.suffixLength()), length);
    }
    if (spec.first() >= length) return null;
    long end = spec.last() < 0 || spec.last() >= length - 1 ? length : spec.last() + 1;
    return new Span(spec.first(), end);
  }

  @Override
  public String toString() {
    if (specs.isEmpty()) return "whole";
    StringBuilder s = new StringBuilder("bytes=");
    for (Spec spec : specs) {
      if (s.length() > 6) s.append(',');
      if (spec.first() < 0) s.append('-').append(spec.suffixLength());
      else s.append(spec.first()).append('-').append(spec.last() < 0 ? "" : Long.toString(spec.last()));
    }
    return s.toString();
  }
}
