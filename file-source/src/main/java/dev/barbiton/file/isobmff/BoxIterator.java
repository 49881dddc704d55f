package dev.barbiton.file.isobmff;

import java.nio.ByteBuffer;
import java.util.NoSuchElementException;

/**
 * Walks the boxes that follow one another in a range of a buffer: the top-level boxes of a file,
 * or the children of one box. Index {@code i} of the buffer holds absolute offset {@code origin +
 * i}; bytes up to its limit are available.
 *
 * <p>Each box is read with {@link BoxHeader#parse} against the range's end, so it lies inside the
 * range and the walk strictly advances: it ends after at most {@code (end - start) / 8} steps. A
 * header past the available bytes fails as {@link MalformedBoxException#truncated()}; a walk that
 * meets any failure should stop there, as the next box's offset is not known.
 */
public final class BoxIterator {
  private final ByteBuffer buf;
  private final long origin;
  private final long end;
  private long next;

  /**
   * The boxes from absolute offset {@code start} up to {@code end}.
   *
   * @param end the range's end; {@link Long#MAX_VALUE} if it is not known (a file of unknown length)
   */
  public BoxIterator(ByteBuffer buf, long origin, long start, long end) {
    this.buf = buf;
    this.origin = origin;
    this.next = start;
    this.end = end;
  }

  /** The children of {@code parent}, from the first byte of its payload. */
  public static BoxIterator children(ByteBuffer buf, long origin, BoxHeader parent) {
    return children(buf, origin, parent, 0);
  }

  /**
   * The children of {@code parent} that follow {@code fields} bytes of its own at the start of its
   * payload (a full box's version and flags, a sample entry's fields); none if those fields fill
   * the box.
   */
  public static BoxIterator children(ByteBuffer buf, long origin, BoxHeader parent, long fields) {
    return new BoxIterator(buf, origin, Math.min(parent.payloadOffset() + fields, parent.end()), parent.end());
  }

  /** True if the range holds another box (its header may still be cut short or malformed). */
  public boolean hasNext() {
    return next < end;
  }

  /**
   * The next box's header.
   *
   * @throws MalformedBoxException if the header is cut short by the available bytes, its size is
   *     impossible, or the box runs past the range's end
   * @throws NoSuchElementException if {@link #hasNext()} is false
   */
  public BoxHeader next() throws MalformedBoxException {
    if (!hasNext()) throw new NoSuchElementException("no box at " + next + ", the end is " + end);
    long index = next - origin;
    // Past the bytes at hand: parse sees none left and reports the header as cut short.
    int at = index < 0 || index > buf.limit() ? buf.limit() : (int) index;
    BoxHeader box = BoxHeader.parse(buf, at, next, end);
    next = box.end();
    return box;
  }
}
