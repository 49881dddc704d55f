package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Reads top-level box headers and whole boxes from a {@link RandomAccessSource}, never more than a header
 * ({@value BoxHeader#MAX_HEADER_SIZE} bytes) or a box of at most {@link
 * SegmentIndexer#MAX_BOX_SIZE} bytes at a time, so no size taken from the file decides an
 * allocation before it is checked.
 */
final class TopLevel {

  private TopLevel() {}

  /**
   * The header of the top-level box at {@code offset}.
   *
   * @param end the end of the file, or {@link Long#MAX_VALUE} if not known
   * @param available how many bytes from the file start may be read, {@code <= end}
   * @throws Mp4ParseException if the header is malformed or cut short by {@code available} or by
   *     the end of the source
   */
  static BoxHeader header(RandomAccessSource source, long offset, long end, long available)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(BoxHeader.MAX_HEADER_SIZE, available - offset)));
    readFully(source, offset, buf);
    if (buf.position() < 8 && buf.hasRemaining()) {
      throw new Mp4ParseException("box", offset, "source ended after " + buf.position() + " header bytes");
    }
    ((Buffer) buf).flip();
    return Boxes.parse(buf, 0, offset, end);
  }

  /**
   * All bytes of {@code box}; index 0 is {@code box.offset()}.
   *
   * @throws Mp4ParseException if the box is larger than {@link SegmentIndexer#MAX_BOX_SIZE} or
   *     the source ends before the box does
   */
  static ByteBuffer read(RandomAccessSource source, BoxHeader box) throws IOException {
    if (box.size() > SegmentIndexer.MAX_BOX_SIZE) {
      throw new Mp4ParseException(box.type(), box.offset(),
          "size " + box.size() + " > " + SegmentIndexer.MAX_BOX_SIZE + ", the most this index reads");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) box.size());
    readFully(source, box.offset(), buf);
    if (buf.hasRemaining()) {
      throw new Mp4ParseException(box.type(), box.offset(),
          "source ended after " + buf.position() + " of " + box.size() + " bytes");
    }
    ((Buffer) buf).flip();
    return buf;
  }

  /** Fills {@code dst} from {@code position} until it is full or the source stops giving bytes. */
  private static void readFully(RandomAccessSource source, long position, ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      int before = dst.position();
      int n = source.read(position + before, dst);
      if (n <= 0 || dst.position() <= before) return;
    }
  }
}
