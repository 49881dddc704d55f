package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.nio.ByteBuffer;

/**
 * The child boxes of a container box held in the bytes of its top-level box: the shared {@link
 * BoxIterator}, failing with {@link Mp4ParseException}.
 */
final class Children {
  private final BoxIterator boxes;

  /**
   * @param bytes the top-level box that holds {@code parent}, index 0 at absolute offset {@code base}
   */
  Children(ByteBuffer bytes, long base, BoxHeader parent) {
    this.boxes = BoxIterator.children(bytes, base, parent);
  }

  boolean hasNext() {
    return boxes.hasNext();
  }

  /** The next child's header; fails if it does not fit inside the parent. */
  BoxHeader next() throws Mp4ParseException {
    try {
      return boxes.next();
    } catch (MalformedBoxException e) {
      throw Boxes.failure(e);
    }
  }
}
