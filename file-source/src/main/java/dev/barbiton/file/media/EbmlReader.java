package dev.barbiton.file.media;

/**
 * EBML element headers (RFC 8794 4, 6) read from a window whose offset 0 is absolute file
 * offset {@code origin}: an ID of 1 to 4 bytes (marker bits kept) and a data size of 1 to 8 bytes
 * (marker bits removed; all ones means unknown). Offsets given and returned are absolute.
 *
 * <p>Bounded: at most {@code budget} element headers are read over the reader's life, then every
 * read returns null; values are read only when they lie wholly in the window.
 */
final class EbmlReader {
  private final SniffWindow w;
  private final long origin;
  private int budget;

  EbmlReader(SniffWindow w, long origin, int budget) {
    this.w = w;
    this.origin = origin;
    this.budget = budget;
  }

  /** An element header; {@code size} is meaningless when {@code unknownSize}. */
  record Element(long id, long offset, long data, long size, boolean unknownSize) {}

  /** The window's absolute end. */
  long end() {
    return origin + w.length();
  }

  /** Where {@code e} ends: its data's end, or the window's end if its size is unknown. */
  long end(Element e) {
    return e.unknownSize ? Math.max(e.data, end()) : e.data + e.size;
  }

  /** True if the element's data lies wholly in the window. */
  boolean whole(Element e) {
    return !e.unknownSize && w.has(e.data - origin, e.size);
  }

  /**
   * The element at absolute {@code offset}, or null if malformed, cut off by the window, at or
   * past {@code parentEnd}, or past the budget.
   */
  Element element(long offset, long parentEnd) {
    long at = offset - origin;
    if (budget <= 0 || offset >= parentEnd || !w.has(at, 1)) return null;
    budget--;
    int first = w.u8(at);
    int idLength = Integer.numberOfLeadingZeros(first) - 23;
    if (idLength > 4 || !w.has(at, idLength + 1)) return null;
    long id = 0;
    for (int i = 0; i < idLength; i++) id = id << 8 | w.u8(at + i);
    long sizeAt = at + idLength;
    int sizeFirst = w.u8(sizeAt);
    int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
    if (sizeLength > 8 || !w.has(sizeAt, sizeLength)) return null;
    long size = sizeFirst & (0xFF >>> sizeLength);
    boolean allOnes = size == (0xFF >>> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      int b = w.u8(sizeAt + i);
      allOnes &= b == 0xFF;
      size = size << 8 | b;
    }
    if (size < 0) return null;
    return new Element(id, offset, origin + sizeAt + sizeLength, size, allOnes);
  }

  /** An unsigned integer element's value (at most 8 bytes), or -1 if not wholly in the window. */
  long unsigned(Element e) {
    if (e.unknownSize || e.size > 8 || !whole(e)) return -1;
    long value = 0;
    for (int i = 0; i < e.size; i++) value = value << 8 | w.u8(e.data - origin + i);
    return value;
  }

  /**
   * An unsigned integer element's 64 bits (UIDs use all of them, so the value may be negative as
   * a {@code long}), or null if not wholly in the window.
   */
  Long bits(Element e) {
    if (e.unknownSize || e.size > 8 || !whole(e)) return null;
    long value = 0;
    for (int i = 0; i < e.size; i++) value = value << 8 | w.u8(e.data - origin + i);
    return value;
  }

  /** A float element's value (4 or 8 bytes; 0 bytes is 0), or NaN. */
  double floating(Element e) {
    if (!whole(e)) return Double.NaN;
    if (e.size == 0) return 0;
    long bits = unsigned(e);
    if (e.size == 4) return Float.intBitsToFloat((int) bits);
    if (e.size == 8) return Double.longBitsToDouble(bits);
    return Double.NaN;
  }

  /** An ASCII or UTF-8 string element's value up to its first NUL (at most {@code max} bytes), or null. */
  String string(Element e, int max) {
    if (e.size > max || !whole(e)) return null;
    String s = w.latin1(e.data - origin, (int) e.size);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  /** A binary element's bytes (at most {@code max}), or null. */
  byte[] binary(Element e, int max) {
    if (e.size > max || !whole(e)) return null;
    byte[] b = new byte[(int) e.size];
    for (int i = 0; i < b.length; i++) b[i] = (byte) w.u8(e.data - origin + i);
    return b;
  }

  /** The byte at absolute {@code offset}, or -1 outside the window. */
  int u8(long offset) {
    return w.has(offset - origin, 1) ? w.u8(offset - origin) : -1;
  }
}
