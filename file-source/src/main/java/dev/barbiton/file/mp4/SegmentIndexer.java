package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@link SegmentIndex} of a fragmented MP4 file (ISO/IEC 14496-12 8.8): from its
 * {@code moof} boxes once the file is complete ({@link #build}), or provisionally from a leading
 * {@code sidx} while it downloads ({@link #fromSidx}).
 *
 * <p>Both read only box headers and the {@code moov}, {@code moof} and {@code sidx} boxes, each at
 * most {@link #MAX_BOX_SIZE} bytes; never media data ({@code mdat}). Every size taken from the
 * file is checked against its parent box and the file before it is used, so a malformed or hostile
 * file costs at most one read of each of those boxes and a bounded amount of memory.
 *
 * <p>Outcomes: an empty result (with a DEBUG line on the {@code dev.barbiton.file.mp4.SegmentIndexer}
 * logger saying why) for files that are not fragmented MP4 or not indexable yet; an {@link
 * Mp4ParseException} for files that are fragmented MP4 but malformed; the {@link IOException}s of
 * the {@link RandomAccessSource} as they are. Runs on the calling thread; safe to call from any number of
 * threads at once.
 */
public final class SegmentIndexer {

  /** The largest {@code moov}, {@code moof} or {@code sidx} box read: 16 MiB. */
  public static final int MAX_BOX_SIZE = 16 << 20;

  /** The most fragments a file may have: 2^20, about 12 days of 1-second fragments. */
  public static final int MAX_FRAGMENTS = 1 << 20;

  private SegmentIndexer() {}

  /**
   * The index of a complete file of {@code length} bytes, from its top-level boxes, its {@code
   * moov} and every {@code moof}. Segment times are those of the {@code tfdt} and {@code trun}
   * boxes (see {@link Segment}). A {@code sidx} in the file is not used.
   *
   * <p>Empty if the file does not start like ISO BMFF, or has no {@code moof} and no {@code mvex}
   * in its {@code moov} (a plain, non-fragmented MP4), or announces fragments but has none.
   *
   * @param length the length of the file; bytes of {@code source} past it are not read
   * @throws Mp4ParseException if the file has a {@code moof}, or a {@code moov} with {@code mvex},
   *     and then: a top-level box with an impossible size or cut short (up to 7 stray bytes at the
   *     very end are ignored); no {@code moov} before the first {@code moof}; a {@code moov},
   *     {@code moof} larger than {@link #MAX_BOX_SIZE} or malformed (bad child sizes, a {@code
   *     traf} without {@code tfhd} or for a track not in {@code moov}, a {@code trun} whose samples
   *     need more bytes than it has or have no duration from {@code trun}, {@code tfhd} or {@code
   *     trex}); more than {@link #MAX_FRAGMENTS} fragments; reference-track times that go backwards
   *     or overflow
   * @throws IOException if {@code source} fails
   * @throws IllegalArgumentException if {@code length < 0}
   */
  public static Optional<SegmentIndex> build(RandomAccessSource source, long length) throws IOException {
    Objects.requireNonNull(source, "source");
    if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    return MoofIndexer.build(source, length);
  }

  /**
   * A provisional index ({@link SegmentIndex#isProvisional()}) from the {@code sidx} boxes at the
   * start of a file that is still downloading, reading only its first {@code
   * availableContiguousFromZero} bytes: the {@code ftyp}, {@code moov} and {@code sidx} boxes
   * before the first {@code moof}. It gives each segment's byte range, duration and whether it
   * starts with a sync sample ({@code starts_with_SAP}); sample counts are 0, and times start at
   * the {@code sidx}'s earliest presentation time. When there is one {@code sidx} per track, the
   * one of the reference track is used, and this waits (returns empty) until it is available. A
   * {@code sidx} that describes only what follows it up to the next {@code sidx} (one per fragment,
   * as with FFmpeg's {@code dash} flag) gives an index of the first fragment only.
   *
   * <p>Empty if the bytes do not start like ISO BMFF, if no complete {@code sidx} precedes the
   * first {@code moof} within the available bytes, if the {@code sidx} is empty, or if it refers to
   * other {@code sidx} boxes (a hierarchical index, not supported).
   *
   * @param availableContiguousFromZero how many bytes from offset 0 may be read
   * @throws Mp4ParseException if a complete {@code moov} or {@code sidx} is malformed or larger
   *     than {@link #MAX_BOX_SIZE}, or its ranges or times overflow
   * @throws IOException if {@code source} fails
   * @throws IllegalArgumentException if {@code availableContiguousFromZero < 0}
   */
  public static Optional<SegmentIndex> fromSidx(RandomAccessSource source, long availableContiguousFromZero)
      throws IOException {
    Objects.requireNonNull(source, "source");
    if (availableContiguousFromZero < 0) {
      throw new IllegalArgumentException("availableContiguousFromZero < 0: " + availableContiguousFromZero);
    }
    return SidxIndexer.fromSidx(source, availableContiguousFromZero);
  }

  /** A decoding step that may read the source. */
  interface Step<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code step}, turning an overflow, or an unexpected runtime failure of the decoding, into
   * an {@link Mp4ParseException} about {@code box}: no malformed file escapes as an unchecked
   * exception.
   */
  static <T> T decode(BoxHeader box, Step<T> step) throws IOException {
    try {
      return step.run();
    } catch (ArithmeticException e) {
      throw new Mp4ParseException(box.type(), box.offset(), "a value overflows", e);
    } catch (RuntimeException e) {
      throw new Mp4ParseException(box.type(), box.offset(), "cannot decode: " + e, e);
    }
  }
}
