package dev.barbiton.file.media;

import java.io.ByteArrayOutputStream;

/**
 * Writes the syntax elements of H.264, H.265 and AV1 most significant bit first, for tests that
 * build parameter sets and headers by hand from the specifications' syntax tables.
 */
final class BitWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int current;
  private int bits;

  /** {@code u(n)} / {@code f(n)}: the low {@code count} bits of {@code value}. */
  BitWriter u(int count, long value) {
    for (int i = count - 1; i >= 0; i--) bit((int) (value >>> i) & 1);
    return this;
  }

  BitWriter flag(boolean value) {
    return bit(value ? 1 : 0);
  }

  /** {@code ue(v)}. */
  BitWriter ue(long value) {
    long v = value + 1;
    int length = 64 - Long.numberOfLeadingZeros(v);
    u(length - 1, 0);
    return u(length, v);
  }

  /** {@code se(v)}. */
  BitWriter se(long value) {
    return ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** {@code leb128()} of a small value. */
  BitWriter leb128(long value) {
    do {
      int b = (int) (value & 0x7F);
      value >>>= 7;
      u(8, b | (value != 0 ? 0x80 : 0));
    } while (value != 0);
    return this;
  }

  BitWriter bytes(byte[] data) {
    for (byte b : data) u(8, b & 0xFF);
    return this;
  }

  /** {@code rbsp_trailing_bits()}: a one, then zeros to the byte boundary. */
  BitWriter trailing() {
    bit(1);
    while (bits != 0) bit(0);
    return this;
  }

  /** Zeros to the byte boundary. */
  BitWriter align() {
    while (bits != 0) bit(0);
    return this;
  }

  private BitWriter bit(int b) {
    current = current << 1 | b;
    if (++bits == 8) {
      out.write(current);
      current = 0;
      bits = 0;
    }
    return this;
  }

  byte[] toByteArray() {
    if (bits != 0) throw new IllegalStateException(bits + " bits not byte-aligned");
    return out.toByteArray();
  }

  /** A NAL unit: {@code header} then the RBSP with emulation prevention bytes inserted (H.264 7.4.1). */
  static byte[] nal(byte[] header, byte[] rbsp) {
    ByteArrayOutputStream nal = new ByteArrayOutputStream();
    nal.writeBytes(header);
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xFF) <= 3) {
        nal.write(3);
        zeros = 0;
      }
      nal.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return nal.toByteArray();
  }
}
