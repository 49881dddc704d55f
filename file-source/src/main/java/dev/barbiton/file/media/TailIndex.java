package dev.barbiton.file.media;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where a file's first bytes state that its index lies near its end, so that a download can fetch
 * it on a second connection before a demuxer asks: an MP4 whose top-level boxes put an {@code
 * mdat} before the {@code moov} (the tail starts where that {@code mdat} ends), a Matroska file
 * whose SeekHead points at Cues, Tags, Chapters or Attachments (the tail starts at the first of
 * them). Only what the container states is used: nothing is searched for or guessed.
 *
 * <p>A tail is reported only when it lies in the second half of the file; an index nearer the
 * start arrives soon enough with the sequential download.
 */
final class TailIndex {
  /** How many first bytes the decision may need at most; past them the answer is "no tail". */
  static final int WINDOW = 64 << 10;

  private static final Set<String> HEAD_BOXES = Set.of("ftyp", "free", "skip", "wide", "pdin", "uuid", "styp");

  private TailIndex() {}

  /**
   * Decides from the first bytes of a file of {@code length} bytes (between {@code first}'s
   * position and limit, its position left alone).
   *
   * @return empty while more first bytes are needed to decide; otherwise the tail's first byte,
   *     or an empty {@code OptionalLong} when the file states no index at its end
   */
  static Optional<OptionalLong> locate(ByteBuffer first, long length) {
    SniffWindow w = new SniffWindow(first, WINDOW);
    boolean all = w.length() >= Math.min(length, WINDOW);
    Optional<OptionalLong> found;
    if (w.has(0, 4) && w.u32(0) == 0x1A45DFA3L) {
      OptionalLong index = EbmlSniffer.indexPosition(w, length / 2 + 1);
      found = index.isPresent() || all ? Optional.of(index) : Optional.empty();
    } else {
      found = mp4(w, length, all);
    }
    return found.map(tail -> inSecondHalf(tail, length));
  }

  private static Optional<OptionalLong> mp4(SniffWindow w, long length, boolean all) {
    long offset = 0;
    for (int boxes = 0; boxes < 64; boxes++) {
      if (!w.has(offset, 8)) return all ? Optional.of(OptionalLong.empty()) : Optional.empty();
      long size = w.u32(offset);
      String type = w.fourCc(offset + 4);
      if (size == 1) {
        if (!w.has(offset, 16)) return all ? Optional.of(OptionalLong.empty()) : Optional.empty();
        size = w.u64(offset + 8);
      }
      if (type == null) return Optional.of(OptionalLong.empty());
      if (type.equals("mdat")) {
        boolean toTheEnd = size == 0 || size >= length - offset;
        return Optional.of(toTheEnd || size < 8 ? OptionalLong.empty() : OptionalLong.of(offset + size));
      }
      if (!HEAD_BOXES.contains(type) || size < 8 || size > length - offset) {
        return Optional.of(OptionalLong.empty()); // a moov first, fragments, or not an MP4
      }
      offset += size;
    }
    return Optional.of(OptionalLong.empty());
  }

  private static OptionalLong inSecondHalf(OptionalLong tail, long length) {
    return tail.isPresent() && tail.getAsLong() > length / 2 && tail.getAsLong() < length ? tail : OptionalLong.empty();
  }
}
