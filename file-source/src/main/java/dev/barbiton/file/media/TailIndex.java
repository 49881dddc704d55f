package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
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
    Optional<OptionalLong> none = Optional.of(OptionalLong.empty());
    BoxIterator boxes = new BoxIterator(w.bytes(), 0, 0, length);
    for (int n = 0; n < 64 && boxes.hasNext(); n++) {
      BoxHeader box;
      try {
        box = boxes.next();
      } catch (MalformedBoxException e) {
        // A header the window cuts short may be whole once more bytes are in; any other is malformed.
        return e.truncated() && !all ? Optional.empty() : none;
      }
      if (n == 0 && !BoxHeader.FIRST_BOXES.contains(box.type())) return none;
      if (box.type().equals("mdat")) {
        return box.end() >= length ? none : Optional.of(OptionalLong.of(box.end()));
      }
      if (!HEAD_BOXES.contains(box.type())) return none; // a moov first, fragments, or not an MP4
    }
    return none;
  }

  private static OptionalLong inSecondHalf(OptionalLong tail, long length) {
    return tail.isPresent() && tail.getAsLong() > length / 2 && tail.getAsLong() < length ? tail : OptionalLong.empty();
  }
}
