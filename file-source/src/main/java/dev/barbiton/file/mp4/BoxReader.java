package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.nio.ByteBuffer;

/**
 * Reads the fields of one box from the bytes of the top-level box that contains it, never past
 * the box's end: every read first checks that the box has the bytes, and a shortfall is an {@link
 * Mp4ParseException} naming the box. Values are big-endian and unsigned (ISO/IEC 14496-12 4.2).
 */
final class BoxReader {
  private final ByteBuffer bytes;
  private final BoxHeader box;
  private final long base;
  private final int end;
  private int position;
  private int version;
  private int flags;

  /**
   * @param bytes the bytes of a top-level box (index 0 = absolute offset {@code base}), holding
   *     all of {@code box}
   */
  BoxReader(ByteBuffer bytes, long base, BoxHeader box) {
    this.bytes = bytes;
    this.box = box;
    this.base = base;
    this.position = (int) (box.payloadOffset() - base);
    this.end = (int) (box.end() - base);
  }

  /** Reads the version (8 bits) and flags (24 bits) that start a full box; returns this. */
  BoxReader fullBox() throws Mp4ParseException {
    BoxHeader.FullBox full;
    try {
      full = box.fullBox(bytes, base);
    } catch (MalformedBoxException e) {
      throw Boxes.failure(e);
    }
    version = full.version();
    flags = full.flags();
    position += BoxHeader.VERSION_AND_FLAGS;
    return this;
  }

  int version() {
    return version;
  }

  /** True if any of {@code mask}'s bits is set in the full box flags. */
  boolean flag(int mask) {
    return (flags & mask) != 0;
  }

  int flags() {
    return flags;
  }

  int remaining() {
    return end - position;
  }

  /** Checks that {@code count} more bytes are inside the box, for {@code what}. */
  void need(long count, String what) throws Mp4ParseException {
    if (count > remaining()) {
      throw error(what + " needs " + count + " bytes, " + remaining() + " left");
    }
  }

  int u8() throws Mp4ParseException {
    need(1, "field");
    return bytes.get(position++) & 0xff;
  }

  int u16() throws Mp4ParseException {
    need(2, "field");
    int value = bytes.getShort(position) & 0xffff;
    position += 2;
    return value;
  }

  long u32() throws Mp4ParseException {
    need(4, "field");
    long value = Integer.toUnsignedLong(bytes.getInt(position));
    position += 4;
    return value;
  }

  /** A 64-bit field, which must be below 2^63. */
  long u64(String field) throws Mp4ParseException {
    need(8, field);
    long value = bytes.getLong(position);
    position += 8;
    if (value < 0) throw error(field + " " + Long.toUnsignedString(value) + " too large");
    return value;
  }

  /** A 32-bit field if {@code version} is 0, else a 64-bit one. */
  long u32or64(String field) throws Mp4ParseException {
    return version == 0 ? u32() : u64(field);
  }

  /** A four-character code. */
  String fourCc() throws Mp4ParseException {
    need(4, "four-character code");
    String value = BoxHeader.typeName(bytes.getInt(position));
    position += 4;
    return value;
  }

  void skip(int count) throws Mp4ParseException {
    need(count, "skipped field");
    position += count;
  }

  /** A track ID: nonzero and, so that it fits Java's {@code int}, below 2^31. */
  int trackId() throws Mp4ParseException {
    long id = u32();
    if (id == 0 || id > Integer.MAX_VALUE) throw error("track_ID " + id + " out of range");
    return (int) id;
  }

  /** A timescale: nonzero. */
  long timescale() throws Mp4ParseException {
    long timescale = u32();
    if (timescale == 0) throw error("timescale 0");
    return timescale;
  }

  Mp4ParseException error(String problem) {
    return new Mp4ParseException(box.type(), box.offset(), problem);
  }
}
