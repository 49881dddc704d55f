package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a time range of a Matroska or WebM file to bytes from its Cues: the clusters from the last
 * cue point at or before the range's start to the first at or after its end, plus the elements
 * before the first cluster (EBML header, SeekHead, Info, Tracks: what a demuxer reads at open)
 * and the Cues themselves. Reads element headers and the Cues only, each bounded.
 */
final class MatroskaCues {
  private static final long EBML = 0x1A45DFA3L;
  private static final long SEGMENT = 0x18538067L;
  private static final long SEEK_HEAD = 0x114D9B74L;
  private static final long SEEK = 0x4DBB;
  private static final long SEEK_ID = 0x53AB;
  private static final long SEEK_POSITION = 0x53AC;
  private static final long INFO = 0x1549A966L;
  private static final long TIMESTAMP_SCALE = 0x2AD7B1;
  private static final long CUES = 0x1C53BB6BL;
  private static final long CUE_POINT = 0xBB;
  private static final long CUE_TIME = 0xB3;
  private static final long CUE_TRACK_POSITIONS = 0xB7;
  private static final long CUE_CLUSTER_POSITION = 0xF1;
  private static final long CLUSTER = 0x1F43B675L;
  private static final int MAX_ELEMENT = 16 << 20;
  private static final int MAX_LEVEL_ONE = 4096;
  private static final long UNKNOWN = -1;

  /** An element header: its ID, where its data starts, its data size ({@link #UNKNOWN} if so). */
  private record Element(long id, long offset, long dataStart, long size) {
    long end(long parentEnd) {
      return size == UNKNOWN ? parentEnd : dataStart + size;
    }
  }

  private MatroskaCues() {}

  /**
   * Adds the ranges of {@code [fromMillis, toMillis)} and returns true, or returns false when the
   * file has no Cues to map by.
   *
   * @throws TimeRangeException if the structure is malformed
   */
  static boolean map(RandomAccessSource file, long length, long fromMillis, long toMillis, List<ByteRange> ranges)
      throws IOException {
    if (length < 4) return false;
    ByteBuffer magic = ByteBuffer.allocate(4);
    TimeRangePlanner.readFully(file, 0, magic);
    if ((magic.getInt(0) & 0xffffffffL) != EBML) return false;
    Element ebml = header(file, 0, length);
    Element segment = header(file, ebml.end(length), length);
    if (segment.id != SEGMENT) throw new TimeRangeException("no Segment after the EBML header, at " + ebml.end(length));
    long base = segment.dataStart;
    long segmentEnd = Math.min(length, segment.end(length));
    long cuesAt = -1;
    long firstCluster = -1;
    long timestampScale = 1_000_000;
    long pos = base;
    for (int n = 0; pos < segmentEnd && n < MAX_LEVEL_ONE; n++) {
      Element e = header(file, pos, segmentEnd);
      if (e.id == CLUSTER) {
        firstCluster = pos;
        break;
      }
      if (e.id == CUES) cuesAt = pos;
      if (e.id == SEEK_HEAD && cuesAt < 0) cuesAt = seekTo(file, e, segmentEnd, base, CUES);
      if (e.id == INFO) timestampScale = timestampScale(file, e, segmentEnd);
      if (e.size == UNKNOWN) break;
      pos = e.end(segmentEnd);
    }
    if (firstCluster < 0 || cuesAt < 0) return false;
    ranges.add(new ByteRange(0, firstCluster));
    Element cues = header(file, cuesAt, segmentEnd);
    if (cues.id != CUES) throw new TimeRangeException("the SeekHead's Cues position " + cuesAt + " holds no Cues");
    ranges.add(new ByteRange(cuesAt, Math.min(segmentEnd, cues.end(segmentEnd))));
    List<long[]> points = cuePoints(file, cues, segmentEnd, base); // {time in scale units, cluster offset}
    if (points.isEmpty()) return false;
    long start = firstCluster;
    long end = cuesAt > firstCluster ? cuesAt : segmentEnd;
    for (long[] p : points) {
      long millis = p[0] * timestampScale / 1_000_000;
      if (millis <= fromMillis) start = Math.max(start, p[1]);
      if (millis >= toMillis && p[1] > start) {
        end = Math.min(end, p[1]);
        break;
      }
    }
    if (end > start) ranges.add(new ByteRange(start, end));
    return true;
  }

  private static List<long[]> cuePoints(RandomAccessSource file, Element cues, long segmentEnd, long base) throws IOException {
    ByteBuffer b = data(file, cues);
    List<long[]> points = new ArrayList<>();
    int p = 0;
    while (p < b.limit()) {
      Element point = parse(b, p, cues.dataStart, cues.dataStart + b.limit());
      int end = (int) (point.end(cues.dataStart + b.limit()) - cues.dataStart);
      if (point.id == CUE_POINT) {
        long time = -1;
        long cluster = -1;
        int q = (int) (point.dataStart - cues.dataStart);
        while (q < end) {
          Element child = parse(b, q, cues.dataStart, cues.dataStart + end);
          int childEnd = (int) (child.end(cues.dataStart + end) - cues.dataStart);
          if (child.id == CUE_TIME) time = uint(b, (int) (child.dataStart - cues.dataStart), child.size);
          if (child.id == CUE_TRACK_POSITIONS && cluster < 0) {
            int r = (int) (child.dataStart - cues.dataStart);
            while (r < childEnd) {
              Element pos = parse(b, r, cues.dataStart, cues.dataStart + childEnd);
              if (pos.id == CUE_CLUSTER_POSITION) cluster = base + uint(b, (int) (pos.dataStart - cues.dataStart), pos.size);
              r = (int) (pos.end(cues.dataStart + childEnd) - cues.dataStart);
            }
          }
          q = childEnd;
        }
        if (time >= 0 && cluster >= base && cluster < segmentEnd) points.add(new long[] {time, cluster});
      }
      p = end;
    }
    points.sort((x, y) -> Long.compare(x[0], y[0]));
    return points;
  }

  private static long seekTo(RandomAccessSource file, Element seekHead, long segmentEnd, long base, long wanted) throws IOException {
    ByteBuffer b = data(file, seekHead);
    int p = 0;
    while (p < b.limit()) {
      Element seek = parse(b, p, seekHead.dataStart, seekHead.dataStart + b.limit());
      int end = (int) (seek.end(seekHead.dataStart + b.limit()) - seekHead.dataStart);
      if (seek.id == SEEK) {
        long id = -1;
        long position = -1;
        int q = (int) (seek.dataStart - seekHead.dataStart);
        while (q < end) {
          Element child = parse(b, q, seekHead.dataStart, seekHead.dataStart + end);
          if (child.id == SEEK_ID) id = uint(b, (int) (child.dataStart - seekHead.dataStart), child.size);
          if (child.id == SEEK_POSITION) position = uint(b, (int) (child.dataStart - seekHead.dataStart), child.size);
          q = (int) (child.end(seekHead.dataStart + end) - seekHead.dataStart);
        }
        if (id == wanted && position >= 0 && base + position < segmentEnd) return base + position;
      }
      p = end;
    }
    return -1;
  }

  private static long timestampScale(RandomAccessSource file, Element info, long segmentEnd) throws IOException {
    ByteBuffer b = data(file, info);
    int p = 0;
    while (p < b.limit()) {
      Element e = parse(b, p, info.dataStart, info.dataStart + b.limit());
      if (e.id == TIMESTAMP_SCALE) {
        long scale = uint(b, (int) (e.dataStart - info.dataStart), e.size);
        if (scale > 0) return scale;
      }
      p = (int) (e.end(info.dataStart + b.limit()) - info.dataStart);
    }
    return 1_000_000;
  }

  private static ByteBuffer data(RandomAccessSource file, Element e) throws IOException {
    if (e.size == UNKNOWN || e.size > MAX_ELEMENT) {
      throw new TimeRangeException("element " + Long.toHexString(e.id) + " at " + e.offset + " is too large to read: " + e.size);
    }
    ByteBuffer b = ByteBuffer.allocate((int) e.size);
    TimeRangePlanner.readFully(file, e.dataStart, b);
    return (ByteBuffer) ((java.nio.Buffer) b).flip();
  }

  private static Element header(RandomAccessSource file, long pos, long end) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(12, end - pos));
    if (!b.hasRemaining()) throw new TimeRangeException("an element header at the end, " + pos);
    TimeRangePlanner.readFully(file, pos, b);
    return parse(b, 0, pos, end);
  }

  /** The element at index {@code i} of {@code b}, whose index 0 is at absolute {@code origin}. */
  private static Element parse(ByteBuffer b, int i, long origin, long parentEnd) throws TimeRangeException {
    int idLength = vintLength(b, i, 4, origin);
    long id = 0;
    for (int k = 0; k < idLength; k++) id = (id << 8) | (b.get(i + k) & 0xff);
    int sizeLength = vintLength(b, i + idLength, 8, origin);
    long size = b.get(i + idLength) & (0xff >> sizeLength);
    boolean allOnes = size == (0xff >> sizeLength);
    for (int k = 1; k < sizeLength; k++) {
      int v = b.get(i + idLength + k) & 0xff;
      size = (size << 8) | v;
      if (v != 0xff) allOnes = false;
    }
    long dataStart = origin + i + idLength + sizeLength;
    if (allOnes) return new Element(id, origin + i, dataStart, UNKNOWN);
    if (size > parentEnd - dataStart) {
      throw new TimeRangeException("element " + Long.toHexString(id) + " at " + (origin + i) + " runs past its parent, to " + (dataStart + size));
    }
    return new Element(id, origin + i, dataStart, size);
  }

  private static int vintLength(ByteBuffer b, int i, int max, long origin) throws TimeRangeException {
    if (i >= b.limit()) throw new TimeRangeException("element header cut short at " + (origin + i));
    int first = b.get(i) & 0xff;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > max || i + length > b.limit()) {
      throw new TimeRangeException("bad element header at " + (origin + i));
    }
    return length;
  }

  private static long uint(ByteBuffer b, int i, long size) throws TimeRangeException {
    if (size > 8) throw new TimeRangeException("an unsigned integer of " + size + " bytes");
    long v = 0;
    for (int k = 0; k < size; k++) v = (v << 8) | (b.get(i + k) & 0xff);
    return v;
  }
}
