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

  /** The bytes of version and flags that open a full box's payload. */
  public static final int VERSION_AND_FLAGS = 4;

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
   * Whether the box runs to the end of a file whose length is not known: a size of 0 read with a
   * {@code parentEnd} of {@link Long#MAX_VALUE}. Its {@link #end()} is then {@link Long#MAX_VALUE}
   * too, and {@link #size()} is what is left up to it.
   */
  public boolean endUnknown() {
    return end() == Long.MAX_VALUE;
  }

  /**
   * Parses the header whose first byte is {@code buf.get(index)} and whose absolute offset is
   * {@code offset}. Bytes from {@code index} up to {@code buf.limit()} are available; they are read
   * with absolute, big-endian gets, whatever the buffer's byte order, and its position is left alone.
   *
   * @param parentEnd the absolute end of the enclosing box or file; {@link Long#MAX_VALUE} if it is
   *     not known, in which case a size of 0 ("to the end") gives a box that {@link #endUnknown()}
   * @throws MalformedBoxException if the header is cut short by {@code buf.limit()} ({@link
   *     MalformedBoxException#truncated()}: more bytes may make it whole), or its size is below the
   *     header's own size or runs past {@code parentEnd}
   */
  public static BoxHeader parse(ByteBuffer buf, int index, long offset, long parentEnd)
      throws MalformedBoxException {
    int available = buf.limit() - index;
    if (available < 8) {
      throw MalformedBoxException.truncated("box", offset, "header needs 8 bytes, " + Math.max(available, 0) + " left");
    }
    long size = u32(buf, index);
    String type = typeName((int) u32(buf, index + 4));
    int headerSize = (size == 1 ? 16 : 8) + (type.equals("uuid") ? 16 : 0);
    if (size == 1) {
      if (available < 16) {
        throw MalformedBoxException.truncated(type, offset, "largesize needs 16 header bytes, " + available + " left");
      }
      size = u32(buf, index + 8) << 32 | u32(buf, index + 12);
      if (size < 0) {
        throw new MalformedBoxException(type, offset, "largesize " + Long.toUnsignedString(size) + " too large");
      }
    } else if (size == 0) {
      size = parentEnd - offset;
    }
    if (size < headerSize) {
      throw new MalformedBoxException(type, offset, "size " + size + " < header size " + headerSize);
    }
    if (size > parentEnd - offset) {
      throw new MalformedBoxException(type, offset, "size " + size + " runs past " + parentEnd + ", the end of the enclosing box or file");
    }
    if (available < headerSize) {
      throw MalformedBoxException.truncated(type, offset, "extended type needs " + headerSize + " header bytes, " + available + " left");
    }
    return new BoxHeader(type, offset, headerSize, size);
  }

  /**
   * The version (8 bits) and flags (24 bits) that open the payload of a full box (ISO/IEC 14496-12
   * 4.2), from {@code buf}, whose index 0 holds absolute offset {@code origin}.
   *
   * @throws MalformedBoxException if the box's payload is shorter than {@value #VERSION_AND_FLAGS}
   *     bytes, or {@code buf} ends before them (then {@link MalformedBoxException#truncated()})
   */
  public FullBox fullBox(ByteBuffer buf, long origin) throws MalformedBoxException {
    if (size - headerSize < VERSION_AND_FLAGS) {
      throw new MalformedBoxException(type, offset, "full box needs " + VERSION_AND_FLAGS
          + " bytes of version and flags, " + (size - headerSize) + " in the box");
    }
    long index = payloadOffset() - origin;
    if (index < 0 || index > buf.limit() - VERSION_AND_FLAGS) {
      throw MalformedBoxException.truncated(type, offset, "version and flags lie past the bytes at hand");
    }
    long word = u32(buf, (int) index);
    return new FullBox((int) (word >>> 24), (int) (word & 0xffffff));
  }

  /** The version and flags of a full box; its fields start {@value #VERSION_AND_FLAGS} bytes into the payload. */
  public record FullBox(int version, int flags) {}

  private static long u32(ByteBuffer buf, int index) {
    return (buf.get(index) & 0xffL) << 24 | (buf.get(index + 1) & 0xffL) << 16
        | (buf.get(index + 2) & 0xffL) << 8 | (buf.get(index + 3) & 0xffL);
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
