package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.nio.ByteBuffer;

/** The shared box-header reader, with its failure in this package's public exception. */
final class Boxes {
  private Boxes() {}

  /** {@link BoxHeader#parse}, failing with {@link Mp4ParseException}. */
  static BoxHeader parse(ByteBuffer buf, int index, long offset, long parentEnd) throws Mp4ParseException {
    try {
      return BoxHeader.parse(buf, index, offset, parentEnd);
    } catch (MalformedBoxException e) {
      throw failure(e);
    }
  }

  /** The same failure as this package reports it. */
  static Mp4ParseException failure(MalformedBoxException e) {
    return new Mp4ParseException(e.boxType(), e.offset(), e.problem());
  }
}
