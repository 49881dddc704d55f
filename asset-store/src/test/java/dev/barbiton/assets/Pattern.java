package dev.barbiton.assets;

import java.nio.ByteBuffer;

/** Deterministic test content: the byte at any position follows from the position and a seed. */
final class Pattern {
  private Pattern() {}

  static byte at(long seed, long pos) {
    long x = (pos + seed) * 0x9E3779B97F4A7C15L;
    x ^= x >>> 29;
    return (byte) (x >>> 24);
  }

  /** {@code len} bytes of the pattern starting at {@code pos}, in a fresh heap buffer. */
  static ByteBuffer buffer(long seed, long pos, int len) {
    ByteBuffer b = ByteBuffer.allocate(len);
    for (int i = 0; i < len; i++) b.put(i, at(seed, pos + i));
    return b;
  }

  /** Index of the first byte of {@code b[0, len)} that differs from the pattern at {@code pos}, or -1. */
  static int firstMismatch(long seed, long pos, ByteBuffer b, int offset, int len) {
    for (int i = 0; i < len; i++) {
      if (b.get(offset + i) != at(seed, pos + i)) return i;
    }
    return -1;
  }
}
