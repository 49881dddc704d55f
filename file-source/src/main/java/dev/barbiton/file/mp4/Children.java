package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import java.nio.ByteBuffer;

/**
 * Iterates the child boxes of a container box held in the bytes of its top-level box. Each child
 * is checked to lie inside the parent (see {@link BoxHeader#parse}), so the walk ends after at most
 * {@code parent.size() / 8} steps.
 */
final class Children {
  private final ByteBuffer bytes;
  private final long base;
  private final BoxHeader parent;
  private long next;

  /**
   * @param bytes the top-level box that holds {@code parent}, index 0 at absolute offset {@code base}
   */
  Children(ByteBuffer bytes, long base, BoxHeader parent) {
    this.bytes = bytes;
    this.base = base;
    this.parent = parent;
    this.next = parent.payloadOffset();
  }

  boolean hasNext() {
    return next < parent.end();
  }

  /** The next child's header; fails if it does not fit inside the parent. */
  BoxHeader next() throws Mp4ParseException {
    BoxHeader child = Boxes.parse(bytes, (int) (next - base), next, parent.end());
    next = child.end();
    return child;
  }
}
