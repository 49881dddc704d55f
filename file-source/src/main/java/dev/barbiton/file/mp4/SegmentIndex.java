package dev.barbiton.file.mp4;

import dev.barbiton.assets.ByteRange;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each fragment of a fragmented MP4 file lies, and which stretch of time it holds: what a
 * player needs to seek by time, and a downloader to fetch a time range first. Made by {@link
 * SegmentIndexer}.
 *
 * <p>Immutable and safe to share between threads. Lookups by time and by byte offset are binary
 * searches over the segments, which lie in increasing byte order, do not overlap, and start at
 * non-decreasing times. Segments may leave gaps between them (for example a per-fragment {@code
 * sidx} between one fragment's {@code mdat} and the next {@code moof}).
 *
 * <p>There is at least one segment. Times are those of the reference track, the first video track
 * if any, else the first track (see {@link Segment} for units and rounding).
 */
public final class SegmentIndex implements Iterable<Segment> {
  private final ByteRange init;
  private final List<Segment> segments;
  private final Map<Integer, Long> trackTimescales;
  private final int referenceTrackId;
  private final boolean provisional;
  /** Each segment's offset and startMillis, for binary search; never exposed. */
  private final long[] offsets;
  private final long[] starts;

  /**
   * @throws IllegalArgumentException if {@code segments} is empty, overlaps {@code init} or each
   *     other, is not in byte order, goes back in time, or has a segment without the reference
   *     track; or if the reference track has no timescale
   */
  SegmentIndex(ByteRange init, List<Segment> segments, Map<Integer, Long> trackTimescales,
      int referenceTrackId, boolean provisional) {
    this.init = Objects.requireNonNull(init, "init");
    this.segments = List.copyOf(segments);
    this.trackTimescales = Collections.unmodifiableMap(new LinkedHashMap<>(trackTimescales));
    this.referenceTrackId = referenceTrackId;
    this.provisional = provisional;
    if (this.segments.isEmpty()) throw new IllegalArgumentException("segments is empty");
    if (!trackTimescales.containsKey(referenceTrackId)) {
      throw new IllegalArgumentException("no timescale for reference track " + referenceTrackId);
    }
    offsets = new long[this.segments.size()];
    starts = new long[this.segments.size()];
    long end = init.end();
    long start = 0;
    for (int i = 0; i < offsets.length; i++) {
      Segment s = this.segments.get(i);
      if (s.offset() < end) {
        throw new IllegalArgumentException("segment " + i + " at " + s.offset() + " overlaps bytes before " + end);
      }
      if (s.startMillis() < start) {
        throw new IllegalArgumentException("segment " + i + " starts at " + s.startMillis() + " ms, before " + start);
      }
      if (!s.trackIds().contains(referenceTrackId)) {
        throw new IllegalArgumentException("segment " + i + " lacks reference track " + referenceTrackId);
      }
      offsets[i] = s.offset();
      starts[i] = s.startMillis();
      end = s.end();
      start = s.startMillis();
    }
  }

  /**
   * The bytes from the start of the file to the first segment: {@code ftyp}, {@code moov} and
   * whatever lies between them and the first {@code moof} (a leading {@code sidx}, for example).
   */
  public ByteRange init() {
    return init;
  }

  /** The segments in byte order; unmodifiable, never empty. */
  public List<Segment> segments() {
    return segments;
  }

  /** The track whose times the segments give. */
  public int referenceTrackId() {
    return referenceTrackId;
  }

  /** Each track's media timescale (ticks per second) by track ID, in file order; unmodifiable. */
  public Map<Integer, Long> trackTimescales() {
    return trackTimescales;
  }

  /**
   * True if this index comes from a {@code sidx} read before the file was complete ({@link
   * SegmentIndexer#fromSidx}): its byte ranges and durations are what the {@code sidx} announces,
   * not yet checked against the fragments themselves, and it has no sample counts.
   */
  public boolean isProvisional() {
    return provisional;
  }

  /** From the first segment's start to the last segment's end, in milliseconds. */
  public long durationMillis() {
    return segments.get(segments.size() - 1).endMillis() - segments.get(0).startMillis();
  }

  /**
   * The segment holding presentation time {@code timeMillis} on the reference track: the last
   * segment starting at or before it. Times before the first segment give the first segment, times
   * past the end give the last, so the result is present for every {@code timeMillis >= 0}.
   *
   * @throws IllegalArgumentException if {@code timeMillis < 0}
   */
  public Optional<Segment> segmentAt(long timeMillis) {
    if (timeMillis < 0) throw new IllegalArgumentException("timeMillis < 0: " + timeMillis);
    return Optional.of(segments.get(Math.max(0, lastAtOrBefore(starts, timeMillis))));
  }

  /**
   * The segment whose bytes include {@code byteOffset}; empty for offsets in the init segment,
   * between segments or past the last.
   *
   * @throws IllegalArgumentException if {@code byteOffset < 0}
   */
  public Optional<Segment> segmentContaining(long byteOffset) {
    if (byteOffset < 0) throw new IllegalArgumentException("byteOffset < 0: " + byteOffset);
    int i = lastAtOrBefore(offsets, byteOffset);
    return i >= 0 && segments.get(i).contains(byteOffset) ? Optional.of(segments.get(i)) : Optional.empty();
  }

  /**
   * The segment containing {@code byteOffset}, else the first segment after it; empty past the
   * last segment's end. A reader that lands at {@code byteOffset} finds its next fragment here.
   *
   * @throws IllegalArgumentException if {@code byteOffset < 0}
   */
  public Optional<Segment> segmentAtOrAfter(long byteOffset) {
    if (byteOffset < 0) throw new IllegalArgumentException("byteOffset < 0: " + byteOffset);
    int i = lastAtOrBefore(offsets, byteOffset);
    if (i >= 0 && segments.get(i).contains(byteOffset)) return Optional.of(segments.get(i));
    return i + 1 < segments.size() ? Optional.of(segments.get(i + 1)) : Optional.empty();
  }

  /** The segments in byte order; the iterator does not support removal. */
  @Override
  public Iterator<Segment> iterator() {
    return segments.iterator();
  }

  @Override
  public String toString() {
    return "SegmentIndex{" + segments.size() + " segments, " + durationMillis() + " ms, init "
        + init + ", reference track " + referenceTrackId + (provisional ? ", provisional}" : "}");
  }

  /** The index of the last element {@code <= key} in the sorted {@code values}, or -1. */
  private static int lastAtOrBefore(long[] values, long key) {
    int low = 0;
    int high = values.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (values[mid] <= key) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }
}
