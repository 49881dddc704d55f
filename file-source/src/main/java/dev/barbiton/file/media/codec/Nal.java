package dev.barbiton.file.media.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * NAL units of H.264 and H.265: the raw byte sequence payload without emulation prevention bytes
 * (H.264 7.4.1, H.265 7.4.2: {@code 00 00 03} stands for {@code 00 00}), and the units of an
 * Annex-B byte stream (start codes {@code 00 00 01}, optionally after more zeros).
 */
public final class Nal {
  /** At most this many units are taken from one byte stream. */
  public static final int MAX_UNITS = 256;

  private Nal() {}

  /** The RBSP of {@code length} bytes from {@code offset}: the same bytes without emulation prevention. */
  public static byte[] rbsp(byte[] data, int offset, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      int b = data[i] & 0xFF;
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out.write(b);
    }
    return out.toByteArray();
  }

  /** One NAL unit of a byte stream: {@code length} bytes from {@code offset}, header included. */
  public record Unit(int offset, int length) {}

  /**
   * The NAL units of the Annex-B byte stream in {@code length} bytes from {@code offset}, at most
   * {@link #MAX_UNITS}; the last one runs to the end of the range (it may be cut short). Trailing
   * zero bytes before a start code are not part of a unit.
   */
  public static List<Unit> annexB(byte[] data, int offset, int length) {
    List<Unit> units = new ArrayList<>();
    int end = offset + length;
    int start = -1;
    int i = offset;
    while (i + 2 < end && units.size() < MAX_UNITS) {
      if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
        if (start >= 0) units.add(new Unit(start, trimZeros(data, start, i) - start));
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < end && units.size() < MAX_UNITS) units.add(new Unit(start, end - start));
    units.removeIf(u -> u.length() <= 0);
    return units;
  }

  private static int trimZeros(byte[] data, int from, int to) {
    while (to > from && data[to - 1] == 0) to--;
    return to;
  }
}
