package dev.barbiton.assets;

/**
 * A half-open byte range {@code [start, end)} of a resource.
 *
 * @param start the first byte of the range, {@code >= 0}
 * @param end one past the last byte of the range, {@code >= start}
 */
public record ByteRange(long start, long end) {

  /**
   * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
   */
  public ByteRange {
    if (start < 0) throw new IllegalArgumentException("start < 0: " + start);
    if (end < start) throw new IllegalArgumentException("end < start: " + end + " < " + start);
  }

  /** The number of bytes in this range. */
  public long length() {
    return end - start;
  }

  @Override
  public String toString() {
    return "[" + start + ".." + end + ")";
  }
}
