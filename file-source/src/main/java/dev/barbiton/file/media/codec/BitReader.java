package dev.barbiton.file.media.codec;

/**
 * Reads bits most significant first from a range of a byte array, as the syntax tables of
 * H.264, H.265, AV1 and VP9 do: fixed-width fields, Exp-Golomb codes ({@code ue(v)}, {@code
 * se(v)}) and LEB128. Every read checks the bits left; running out, or an Exp-Golomb code longer
 * than 31 leading zeros, is a {@link BitstreamException}, never an index error.
 *
 * <p>Not thread-safe; the array is not copied and must not change while read.
 */
public final class BitReader {
  private final byte[] data;
  private final long end;
  private final String what;
  private long bit;

  /** Reads {@code length} bytes from {@code offset}; {@code what} names the structure in errors. */
  public BitReader(byte[] data, int offset, int length, String what) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + data.length);
    }
    this.data = data;
    this.bit = (long) offset * 8;
    this.end = (long) (offset + length) * 8;
    this.what = what;
  }

  /** A reader over the whole array. */
  public BitReader(byte[] data, String what) {
    this(data, 0, data.length, what);
  }

  /** The bits not read yet. */
  public long bitsLeft() {
    return end - bit;
  }

  /** The next {@code count} bits (0 to 32) as an unsigned value. */
  public long bits(int count) throws BitstreamException {
    if (count < 0 || count > 32) throw new IllegalArgumentException("count outside 0..32: " + count);
    need(count);
    long value = 0;
    for (int i = 0; i < count; i++) {
      int b = data[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7)) & 1;
      value = value << 1 | b;
      bit++;
    }
    return value;
  }

  /** The next {@code count} bits (0 to 31) as an int. */
  public int u(int count) throws BitstreamException {
    if (count > 31) throw new IllegalArgumentException("count > 31: " + count);
    return (int) bits(count);
  }

  /** One bit as a flag. */
  public boolean flag() throws BitstreamException {
    return bits(1) == 1;
  }

  /** Skips {@code count} bits. */
  public void skip(long count) throws BitstreamException {
    if (count < 0) throw new IllegalArgumentException("count < 0: " + count);
    need(count);
    bit += count;
  }

  /** An unsigned Exp-Golomb code, {@code ue(v)}: at most 2^31 - 2. */
  public int ue() throws BitstreamException {
    int zeros = 0;
    while (bits(1) == 0) {
      if (++zeros > 31) throw new BitstreamException(what + ": Exp-Golomb code longer than 31 leading zeros");
    }
    long value = (1L << zeros) - 1 + bits(zeros);
    if (value > Integer.MAX_VALUE - 1) throw new BitstreamException(what + ": Exp-Golomb value " + value + " too large");
    return (int) value;
  }

  /** An unsigned Exp-Golomb code that must not exceed {@code max}, for {@code field}. */
  public int ue(String field, int max) throws BitstreamException {
    int value = ue();
    if (value > max) throw new BitstreamException(what + ": " + field + " " + value + " > " + max);
    return value;
  }

  /** A signed Exp-Golomb code, {@code se(v)}. */
  public int se() throws BitstreamException {
    int k = ue();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** An AV1 {@code leb128()}: at most 8 bytes, value below 2^32. */
  public long leb128() throws BitstreamException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int b = u(8);
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value > 0xFFFFFFFFL) throw new BitstreamException(what + ": leb128 value " + value + " >= 2^32");
        return value;
      }
    }
    throw new BitstreamException(what + ": leb128 longer than 8 bytes");
  }

  /** An AV1 {@code uvlc()}: at most 2^32 - 1. */
  public long uvlc() throws BitstreamException {
    int zeros = 0;
    while (bits(1) == 0) {
      if (++zeros >= 32) throw new BitstreamException(what + ": uvlc longer than 31 leading zeros");
    }
    return (1L << zeros) - 1 + bits(zeros);
  }

  /** Moves to the next byte boundary, if not on one. */
  public void byteAlign() throws BitstreamException {
    long rest = (8 - (bit & 7)) & 7;
    skip(Math.min(rest, bitsLeft()));
  }

  /** The index of the byte holding the next bit, in the whole array. */
  public int bytePosition() {
    return (int) (bit >>> 3);
  }

  private void need(long count) throws BitstreamException {
    if (count > end - bit) {
      throw new BitstreamException(what + " ends early: " + count + " more bits needed, " + (end - bit) + " left");
    }
  }

  /** A failure naming this reader's structure. */
  public BitstreamException error(String problem) {
    return new BitstreamException(what + ": " + problem);
  }
}
