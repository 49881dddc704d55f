package dev.barbiton.file.media;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A read-only, bounds-checked view of the first bytes of a resource, shared by the sniffers.
 *
 * <p>Offsets are relative to the buffer's position when the window was made and are {@code long}
 * so that sizes read from a file (up to 2^64) can be added without overflow. Every read is an
 * absolute {@link ByteBuffer#get(int)}: the buffer's position, limit and mark never change.
 * Sniffers check {@link #has} before reading; a read outside the window throws {@link
 * IndexOutOfBoundsException}, which is a sniffer bug.
 */
final class SniffWindow {
  private final ByteBuffer buffer;
  private final int base;
  private final int length;

  /** A window over at most {@code maxLength} bytes from the buffer's position to its limit. */
  SniffWindow(ByteBuffer buffer, int maxLength) {
    this.buffer = Objects.requireNonNull(buffer, "buffer");
    this.base = buffer.position();
    this.length = Math.min(buffer.limit() - base, maxLength);
  }

  /**
   * The window's bytes as a buffer of their own, for the shared box reader: index 0 is offset 0 and
   * the limit is the window's end, so nothing past the window is read. The buffer under the window
   * is left alone.
   */
  ByteBuffer bytes() {
    ByteBuffer view = buffer.duplicate();
    ((Buffer) view).limit(base + length);
    ((Buffer) view).position(base);
    return view.slice();
  }

  /** The number of bytes in the window. */
  int length() {
    return length;
  }

  /** True if {@code count} bytes starting at {@code offset} lie inside the window. */
  boolean has(long offset, long count) {
    return offset >= 0 && count >= 0 && offset <= length && count <= length - offset;
  }

  /** The unsigned byte at {@code offset}. */
  int u8(long offset) {
    if (!has(offset, 1)) {
      throw new IndexOutOfBoundsException("offset " + offset + " outside [0, " + length + ")");
    }
    return buffer.get(base + (int) offset) & 0xFF;
  }

  /** The big-endian unsigned 16-bit value at {@code offset}. */
  int u16(long offset) {
    return u8(offset) << 8 | u8(offset + 1);
  }

  /** The big-endian unsigned 32-bit value at {@code offset}. */
  long u32(long offset) {
    return (long) u16(offset) << 16 | u16(offset + 2);
  }

  /** The big-endian 64-bit value at {@code offset}; negative if its top bit is set. */
  long u64(long offset) {
    return u32(offset) << 32 | u32(offset + 4);
  }

  /** True if the window holds the ISO-8859-1 bytes of {@code text} at {@code offset}. */
  boolean matches(long offset, String text) {
    if (!has(offset, text.length())) return false;
    for (int i = 0; i < text.length(); i++) {
      if (u8(offset + i) != text.charAt(i)) return false;
    }
    return true;
  }

  /** The {@code count} bytes at {@code offset} as ISO-8859-1 characters. */
  String latin1(long offset, int count) {
    char[] chars = new char[count];
    for (int i = 0; i < count; i++) chars[i] = (char) u8(offset + i);
    return new String(chars);
  }

  /**
   * The four bytes at {@code offset} as a four-character code with trailing spaces removed, or
   * null if they are not all printable ASCII, the first is a space, or they do not fit.
   */
  String fourCc(long offset) {
    if (!has(offset, 4)) return null;
    for (int i = 0; i < 4; i++) {
      int c = u8(offset + i);
      if (c < 0x20 || c > 0x7E || (i == 0 && c == ' ')) return null;
    }
    String code = latin1(offset, 4);
    int end = code.length();
    while (end > 0 && code.charAt(end - 1) == ' ') end--;
    return code.substring(0, end);
  }
}
