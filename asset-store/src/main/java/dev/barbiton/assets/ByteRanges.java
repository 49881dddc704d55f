package dev.barbiton.assets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable set of byte ranges: the bytes of a resource that are available.
 *
 * <p>Ranges are kept sorted, disjoint and merged: two ranges that touch become one. Instances are
 * values; they never change after construction, so a snapshot taken by a reader stays true for the
 * moment it was taken.
 */
public final class ByteRanges {
  // Invariant: bounds = [s0, e0, s1, e1, ...] with s0 < e0 < s1 < e1 < ... (strict: touching ranges
  // are merged, empty ranges are never stored). Never mutated after construction, never exposed.
  private final long[] bounds;
  private final long totalBytes;

  private static final ByteRanges EMPTY = new ByteRanges(new long[0]);

  private ByteRanges(long[] bounds) {
    this.bounds = bounds;
    long total = 0;
    for (int i = 0; i < bounds.length; i += 2) total += bounds[i + 1] - bounds[i];
    this.totalBytes = total;
  }

  /** The empty set. */
  public static ByteRanges empty() {
    return EMPTY;
  }

  /** A set holding the given ranges, merged where they overlap or touch. */
  public static ByteRanges of(List<ByteRange> ranges) {
    // Sort, then merge in one pass: O(n log n), where adding one range at a time is quadratic.
    long[] sorted = new long[2 * ranges.size()];
    int n = 0;
    for (ByteRange range : ranges) {
      if (range.end() == range.start()) continue;
      sorted[n++] = range.start();
      sorted[n++] = range.end();
    }
    if (n == 0) return EMPTY;
    Long[] order = new Long[n / 2];
    for (int i = 0; i < order.length; i++) order[i] = (long) i;
    boolean inOrder = true;
    for (int i = 2; i < n && inOrder; i += 2) inOrder = sorted[i - 2] <= sorted[i];
    if (!inOrder) {
      long[] copy = sorted;
      Arrays.sort(order, (a, b) -> Long.compare(copy[(int) (2 * a)], copy[(int) (2 * b)]));
    }
    long[] merged = new long[n];
    int m = 0;
    for (Long index : order) {
      long start = sorted[(int) (2 * index)];
      long end = sorted[(int) (2 * index) + 1];
      if (m > 0 && start <= merged[m - 1]) {
        merged[m - 1] = Math.max(merged[m - 1], end);
      } else {
        merged[m++] = start;
        merged[m++] = end;
      }
    }
    return new ByteRanges(m == n ? merged : Arrays.copyOf(merged, m));
  }

  /** Whether every byte of {@code [pos, pos + len)} is in this set; true when {@code len == 0}. */
  public boolean contains(long pos, long len) {
    if (pos < 0) throw new IllegalArgumentException("pos < 0: " + pos);
    if (len < 0) throw new IllegalArgumentException("len < 0: " + len);
    if (len == 0) return true;
    return contiguousFrom(pos) >= len;
  }

  /**
   * The number of bytes available without a gap from {@code pos}: 0 when {@code pos} itself is
   * missing.
   */
  public long contiguousFrom(long pos) {
    int i = indexOfRangeAtOrBefore(pos);
    if (i < 0) return 0;
    long end = bounds[2 * i + 1];
    return end > pos ? end - pos : 0;
  }

  /** The first position {@code >= from} that is not in this set. */
  public long firstMissing(long from) {
    return from + contiguousFrom(from);
  }

  /** The total number of bytes in this set. */
  public long totalBytes() {
    return totalBytes;
  }

  /** The end of the last range, or 0 when empty. */
  public long end() {
    return bounds.length == 0 ? 0 : bounds[bounds.length - 1];
  }

  /** Whether this set holds no byte. */
  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** The ranges, in order. */
  public List<ByteRange> ranges() {
    List<ByteRange> result = new ArrayList<>(bounds.length / 2);
    for (int i = 0; i < bounds.length; i += 2) result.add(new ByteRange(bounds[i], bounds[i + 1]));
    return Collections.unmodifiableList(result);
  }

  /** The number of disjoint ranges. */
  public int rangeCount() {
    return bounds.length / 2;
  }

  /**
   * This set plus {@code [start, end)}; a new immutable set, or this instance when nothing
   * changes.
   *
   * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
   */
  public ByteRanges with(long start, long end) {
    if (start < 0 || end < start) throw new IllegalArgumentException("bad range [" + start + ".." + end + ")");
    if (start == end || contiguousFrom(start) >= end - start) return this;
    int n = bounds.length / 2;
    // First range whose end >= start (it touches or follows the new range).
    int first = 0;
    while (first < n && bounds[2 * first + 1] < start) first++;
    // Last range whose start <= end.
    int last = first - 1;
    while (last + 1 < n && bounds[2 * (last + 1)] <= end) last++;
    long mergedStart = start;
    long mergedEnd = end;
    if (last >= first) {
      mergedStart = Math.min(start, bounds[2 * first]);
      mergedEnd = Math.max(end, bounds[2 * last + 1]);
    }
    int removed = Math.max(0, last - first + 1);
    long[] next = new long[bounds.length + 2 - 2 * removed];
    System.arraycopy(bounds, 0, next, 0, 2 * first);
    next[2 * first] = mergedStart;
    next[2 * first + 1] = mergedEnd;
    System.arraycopy(bounds, 2 * (first + removed), next, 2 * first + 2, bounds.length - 2 * (first + removed));
    return new ByteRanges(next);
  }

  /** Every byte in this set or in {@code other}. */
  ByteRanges union(ByteRanges other) {
    if (other.isEmpty() || other == this) return this;
    if (isEmpty()) return other;
    long[] merged = new long[bounds.length + other.bounds.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < bounds.length || j < other.bounds.length) {
      long start;
      long end;
      if (j >= other.bounds.length || (i < bounds.length && bounds[i] <= other.bounds[j])) {
        start = bounds[i];
        end = bounds[i + 1];
        i += 2;
      } else {
        start = other.bounds[j];
        end = other.bounds[j + 1];
        j += 2;
      }
      if (n > 0 && start <= merged[n - 1]) {
        merged[n - 1] = Math.max(merged[n - 1], end);
      } else {
        merged[n++] = start;
        merged[n++] = end;
      }
    }
    return new ByteRanges(Arrays.copyOf(merged, n));
  }

  /** This set without the bytes of {@code [start, end)}. */
  ByteRanges without(long start, long end) {
    if (start >= end || !intersects(start, end)) return this;
    long[] next = new long[bounds.length + 2];
    int n = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long s = bounds[i];
      long e = bounds[i + 1];
      if (e <= start || s >= end) {
        next[n++] = s;
        next[n++] = e;
        continue;
      }
      if (s < start) {
        next[n++] = s;
        next[n++] = start;
      }
      if (e > end) {
        next[n++] = end;
        next[n++] = e;
      }
    }
    return n == 0 ? EMPTY : new ByteRanges(Arrays.copyOf(next, n));
  }

  /** This set without every byte of {@code other}. */
  ByteRanges without(ByteRanges other) {
    if (isEmpty() || other.isEmpty()) return this;
    // One merge pass over both: each range of this set is cut by the ranges of other it meets.
    long[] next = new long[bounds.length + other.bounds.length];
    int n = 0;
    int j = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long s = bounds[i];
      long e = bounds[i + 1];
      while (j < other.bounds.length && other.bounds[j + 1] <= s) j += 2;
      int k = j;
      while (s < e && k < other.bounds.length && other.bounds[k] < e) {
        if (other.bounds[k] > s) {
          next[n++] = s;
          next[n++] = other.bounds[k];
        }
        s = Math.max(s, other.bounds[k + 1]);
        if (other.bounds[k + 1] <= e) k += 2; else break;
      }
      if (s < e) {
        next[n++] = s;
        next[n++] = e;
      }
    }
    if (n == bounds.length) {
      boolean same = true;
      for (int i = 0; i < n && same; i++) same = bounds[i] == next[i];
      if (same) return this;
    }
    return n == 0 ? EMPTY : new ByteRanges(Arrays.copyOf(next, n));
  }

  /** The bytes in both this set and {@code other}. */
  ByteRanges intersection(ByteRanges other) {
    if (isEmpty() || other.isEmpty()) return EMPTY;
    long[] common = new long[bounds.length + other.bounds.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < bounds.length && j < other.bounds.length) {
      long start = Math.max(bounds[i], other.bounds[j]);
      long end = Math.min(bounds[i + 1], other.bounds[j + 1]);
      if (start < end) {
        common[n++] = start;
        common[n++] = end;
      }
      if (bounds[i + 1] < other.bounds[j + 1]) i += 2; else j += 2;
    }
    return n == 0 ? EMPTY : new ByteRanges(Arrays.copyOf(common, n));
  }

  /** Whether any byte of {@code [start, end)} is in this set. */
  boolean intersects(long start, long end) {
    if (start >= end || bounds.length == 0) return false;
    int i = indexOfRangeAtOrBefore(end - 1);
    return i >= 0 && bounds[2 * i + 1] > start;
  }

  /** This set cut to {@code [0, limit)}. */
  ByteRanges truncatedTo(long limit) {
    if (end() <= limit) return this;
    List<ByteRange> kept = new ArrayList<>();
    for (ByteRange range : ranges()) {
      if (range.start() >= limit) break;
      kept.add(new ByteRange(range.start(), Math.min(range.end(), limit)));
    }
    return of(kept);
  }

  /** Index of the last range whose start is {@code <= pos}, or -1. */
  private int indexOfRangeAtOrBefore(long pos) {
    int lo = 0;
    int hi = bounds.length / 2 - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (bounds[2 * mid] <= pos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteRanges other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) sb.append(", ");
      sb.append('[').append(bounds[i]).append("..").append(bounds[i + 1]).append(')');
    }
    return sb.append('}').toString();
  }
}
