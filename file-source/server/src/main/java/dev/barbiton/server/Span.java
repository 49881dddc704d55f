package dev.barbiton.server;

/** Bytes {@code [start, end)} of a representation, resolved from a range: {@code start < end}. */
record Span(long start, long end) {
  long length() {
    return end - start;
  }

  /** {@code start-last}, as in a {@code Content-Range}. */
  String positions() {
    return start + "-" + (end - 1);
  }
}
