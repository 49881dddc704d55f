package dev.barbiton.file.isobmff;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The header of one box (ISO/IEC 14496-12 4.2), at an absolute file offset: a 32-bit size and a
 * four-character type; a 64-bit {@code largesize} after them when the 32-bit size is 1; "to the end
 * of the parent" when it is 0; and a 16-byte extended type after all that for {@code uuid} boxes.
 *
 * <p>A parsed header always satisfies {@code headerSize <= size <= parentEnd - offset}: every box
 * lies inside its parent, so a walk that moves from a box to its {@link #end()} strictly advances
 * and stays in bounds.
 *
 * @param type the four-character type; bytes outside printable ASCII appear as {@code \xNN}
 * @param offset the absolute offset of the box's first byte
 * @param headerSize 8, 16 with a largesize, plus 16 for {@code uuid}
 * @param size the whole box, header included
 */
public record BoxHeader(String type, long offset, int headerSize, long size) {

  /** The largest header: size, type, largesize, extended type. */
  public static final int MAX_HEADER_SIZE = 32;

  /**
   * Boxes an ISO BMFF file or segment may start with; anything else is taken for another format.
   * QuickTime files may lack {@code ftyp}; {@code pdin} and {@code uuid} may come first too.
   */
  public static final Set<String> FIRST_BOXES =
      Set.of("ftyp", "styp", "moov", "moof", "free", "skip", "wide", "mdat", "sidx", "pdin", "uuid");

  /** One past the last byte of the box. */
  public long end() {
    return offset + size;
  }

  /** The absolute offset of the first byte after the header. */
  public long payloadOffset() {
    return offset + headerSize;
  }

  /**
   * Parses the header whose first byte is {@code buf.get(index)} and whose absolute offset is
   * {@code offset}. Bytes from {@code index} up to {@code buf.limit()} are available.
   *
   * @param parentEnd the absolute end of the enclosing box or file; {@link Long#MAX_VALUE} if it is
   *     not known, in which case a size of 0 ("to the end") is rejected
   * @throws MalformedBoxException if the header is cut short, or its size is below the header's own
   *     size or runs past {@code parentEnd}
   */
  public static BoxHeader parse(ByteBuffer buf, int index, long offset, long parentEnd)
      throws MalformedBoxException {
    int available = buf.limit() - index;
    if (available < 8) {
      throw new MalformedBoxException("box", offset, "header needs 8 bytes, " + available + " left");
    }
    long size = Integer.toUnsignedLong(buf.getInt(index));
    String type = typeName(buf.getInt(index + 4));
    int headerSize = 8;
    if (size == 1) {
      headerSize = 16;
      if (available < headerSize) {
        throw new MalformedBoxException(type, offset, "largesize needs 16 header bytes, " + available + " left");
      }
      size = buf.getLong(index + 8);
      if (size < 0) {
        throw new MalformedBoxException(type, offset, "largesize " + Long.toUnsignedString(size) + " too large");
      }
    } else if (size == 0) {
      if (parentEnd == Long.MAX_VALUE) {
        throw new MalformedBoxException(type, offset, "size 0 (to the end) but the end is not known");
      }
      size = parentEnd - offset;
    }
    if (type.equals("uuid")) {
      headerSize += 16;
      if (available < headerSize) {
        throw new MalformedBoxException(type, offset, "extended type needs " + headerSize + " header bytes, " + available + " left");
      }
    }
    if (size < headerSize) {
      throw new MalformedBoxException(type, offset, "size " + size + " < header size " + headerSize);
    }
    if (size > parentEnd - offset) {
      throw new MalformedBoxException(type, offset, "size " + size + " runs past " + parentEnd + ", the end of the enclosing box or file");
    }
    return new BoxHeader(type, offset, headerSize, size);
  }

  /** The type as text: printable ASCII as is, other bytes as {@code \xNN}. */
  public static String typeName(int fourCc) {
    StringBuilder name = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (fourCc >>> shift) & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        name.append((char) c);
      } else {
        name.append(String.format("\\x%02x", c));
      }
    }
    return name.toString();
  }
}
