package dev.barbiton.file.mp4;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-made ISO BMFF boxes, for layouts FFmpeg does not write. Values are big-endian. */
final class Mp4Bytes {
  private Mp4Bytes() {}

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }

  static byte[] u16(int value) {
    return ByteBuffer.allocate(2).putShort((short) value).array();
  }

  static byte[] u32(long... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length);
    for (long v : values) b.putInt((int) v);
    return b.array();
  }

  static byte[] u64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static byte[] type(String type) {
    return type.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A box with a 32-bit size. */
  static byte[] box(String type, byte[]... payload) {
    byte[] body = cat(payload);
    return cat(u32(8 + body.length), type(type), body);
  }

  /** A box with size 1 and a 64-bit largesize. */
  static byte[] largeBox(String type, byte[]... payload) {
    byte[] body = cat(payload);
    return cat(u32(1), type(type), u64(16 + body.length), body);
  }

  static byte[] fullBox(String type, int version, int flags, byte[]... payload) {
    return box(type, u32(((long) version << 24) | flags), cat(payload));
  }

  static byte[] ftyp() {
    return box("ftyp", type("isom"), u32(512), type("isom"), type("iso6"));
  }

  /** A trak with tkhd (version 0), mdia/mdhd (version 0) and mdia/hdlr. */
  static byte[] trak(int trackId, long timescale, String handler) {
    byte[] tkhd = fullBox("tkhd", 0, 3, u32(0, 0, trackId, 0, 0), new byte[60]);
    byte[] mdhd = fullBox("mdhd", 0, 0, u32(0, 0, timescale, 0), u32(0));
    byte[] hdlr = fullBox("hdlr", 0, 0, u32(0), type(handler), u32(0, 0, 0), new byte[] {0});
    return box("trak", tkhd, box("mdia", mdhd, hdlr));
  }

  static byte[] moov(byte[]... children) {
    byte[] mvhd = fullBox("mvhd", 0, 0, u32(0, 0, 1000, 0), new byte[80]);
    return box("moov", mvhd, cat(children));
  }

  static byte[] trex(int trackId, long duration, long flags) {
    return fullBox("trex", 0, 0, u32(trackId, 1, duration, 0, flags));
  }

  static byte[] moof(int sequence, byte[]... trafs) {
    return box("moof", fullBox("mfhd", 0, 0, u32(sequence)), cat(trafs));
  }

  /** A tfhd with {@code default-base-is-moof} and the optional fields given by {@code flags}. */
  static byte[] tfhd(int flags, int trackId, long... optional) {
    return fullBox("tfhd", 0, 0x20000 | flags, u32(trackId), u32(optional));
  }

  static byte[] tfdt(long time) {
    return fullBox("tfdt", 1, 0, u64(time));
  }

  /** A trun: {@code fields} are the optional fields then the per-sample ones, as {@code flags} say. */
  static byte[] trun(int flags, long count, long... fields) {
    return fullBox("trun", 0, flags, u32(count), u32(fields));
  }

  static byte[] mdat(int size) {
    return box("mdat", new byte[size]);
  }

  /** A version-0 sidx; each reference is {type, size, duration, startsWithSap}. */
  static byte[] sidx(int referenceId, long timescale, long earliest, long firstOffset, long[]... references) {
    byte[][] entries = new byte[references.length][];
    for (int i = 0; i < references.length; i++) {
      long[] r = references[i];
      entries[i] = u32((r[0] << 31) | r[1], r[2], r[3] << 31);
    }
    return fullBox("sidx", 0, 0, u32(referenceId, timescale, earliest, firstOffset), u16(0),
        u16(references.length), cat(entries));
  }
}
