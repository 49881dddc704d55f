package dev.barbiton.file.mp4;

import dev.barbiton.assets.ByteRange;
import java.util.List;
import java.util.Objects;

/**
 * One fragment of a fragmented MP4 file: where its bytes are and which stretch of time it holds.
 *
 * <p>Times are measured on the index's reference track ({@link SegmentIndex#referenceTrackId()}),
 * in that track's timescale ({@link SegmentIndex#trackTimescales()}) and in milliseconds. They are
 * absolute media times as the file states them ({@code tfdt}), not relative to the first segment:
 * a file whose first fragment starts at decode time 90000 on a 90 kHz track has a first segment
 * with {@code startMillis == 1000}. Milliseconds are rounded down, and {@code durationMillis} is
 * {@code floor((baseDecodeTime + duration) * 1000 / timescale) - startMillis}, so that back-to-back
 * segments also tile in milliseconds.
 *
 * @param offset the absolute offset of the segment's first {@code moof} box
 * @param size from that {@code moof} through the end of the last {@code mdat} before the next
 *     segment; for a provisional index, the size the {@code sidx} gives
 * @param trackIds the tracks with samples in the segment, in order of appearance; never empty,
 *     always including the reference track
 * @param baseDecodeTime the decode time of the segment's first sample on the reference track
 *     ({@code tfdt}, or the previous fragment's end when a fragment has none), in its timescale;
 *     for a provisional index, the {@code sidx}'s earliest presentation time of the segment
 * @param duration the sum of the reference track's sample durations in the segment, in its
 *     timescale
 * @param startMillis {@code baseDecodeTime} in milliseconds, rounded down
 * @param durationMillis {@code duration} in milliseconds, as described above
 * @param sampleCount the number of reference-track samples; 0 in a provisional index, since a
 *     {@code sidx} does not count samples
 * @param startsWithSync whether the first reference-track sample is a sync sample (a keyframe):
 *     from the sample flags, or from {@code starts_with_SAP} in a provisional index
 */
public record Segment(long offset, long size, List<Integer> trackIds, long baseDecodeTime,
    long duration, long startMillis, long durationMillis, int sampleCount,
    boolean startsWithSync) {

  /**
   * @throws IllegalArgumentException if {@code offset}, {@code baseDecodeTime}, {@code duration},
   *     {@code startMillis}, {@code durationMillis} or {@code sampleCount} is negative, {@code size}
   *     is below 1, {@code offset + size} or {@code startMillis + durationMillis} exceeds {@link
   *     Long#MAX_VALUE}, or {@code trackIds} is empty or holds an ID below 1
   * @throws NullPointerException if {@code trackIds} is or holds null
   */
  public Segment {
    if (offset < 0) throw new IllegalArgumentException("offset < 0: " + offset);
    if (size < 1) throw new IllegalArgumentException("size < 1: " + size);
    if (size > Long.MAX_VALUE - offset) {
      throw new IllegalArgumentException("offset + size > Long.MAX_VALUE: " + offset + " + " + size);
    }
    trackIds = List.copyOf(Objects.requireNonNull(trackIds, "trackIds"));
    if (trackIds.isEmpty()) throw new IllegalArgumentException("trackIds is empty");
    for (int id : trackIds) {
      if (id < 1) throw new IllegalArgumentException("track ID < 1: " + id);
    }
    if (baseDecodeTime < 0) throw new IllegalArgumentException("baseDecodeTime < 0: " + baseDecodeTime);
    if (duration < 0) throw new IllegalArgumentException("duration < 0: " + duration);
    if (startMillis < 0) throw new IllegalArgumentException("startMillis < 0: " + startMillis);
    if (durationMillis < 0) throw new IllegalArgumentException("durationMillis < 0: " + durationMillis);
    if (durationMillis > Long.MAX_VALUE - startMillis) {
      throw new IllegalArgumentException(
          "startMillis + durationMillis > Long.MAX_VALUE: " + startMillis + " + " + durationMillis);
    }
    if (sampleCount < 0) throw new IllegalArgumentException("sampleCount < 0: " + sampleCount);
  }

  /** One past the segment's last byte: {@code offset + size}. */
  public long end() {
    return offset + size;
  }

  /** Where the segment ends in time: {@code startMillis + durationMillis}. */
  public long endMillis() {
    return startMillis + durationMillis;
  }

  /** The segment's bytes, {@code [offset, end())}. */
  public ByteRange byteRange() {
    return new ByteRange(offset, end());
  }

  /** Whether {@code offset <= byteOffset < end()}. */
  public boolean contains(long byteOffset) {
    return byteOffset >= offset && byteOffset - offset < size;
  }
}
