package dev.barbiton.reliability;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a file's decoder configurations and parameter sets lie, found by their signatures, and
 * mutations inside them: the payloads of MP4's {@code avcC}, {@code hvcC}, {@code av1C}, {@code
 * vpcC}, {@code esds}, {@code dOps}, {@code dfLa} and {@code colr}, Matroska's CodecPrivate, and
 * the H.264/H.265 SPS units of an Annex-B stream. Their fields are counts, lengths and exponential
 * Golomb codes, which break readers in ways random bytes elsewhere rarely reach.
 */
final class ParameterSets {
  private static final String[] BOXES = {"avcC", "hvcC", "av1C", "vpcC", "esds", "dOps", "dfLa", "colr"};
  private static final int MAX_TARGETS = 64;

  private ParameterSets() {}

  /** {offset, length} of each configuration found, at most {@link #MAX_TARGETS}. */
  static List<int[]> find(byte[] f) {
    List<int[]> targets = new ArrayList<>();
    for (int i = 4; i + 4 <= f.length && targets.size() < MAX_TARGETS; i++) {
      for (String type : BOXES) {
        if (f[i] == type.charAt(0) && f[i + 1] == type.charAt(1) && f[i + 2] == type.charAt(2) && f[i + 3] == type.charAt(3)) {
          int size = ByteBuffer.wrap(f, i - 4, 4).getInt();
          if (size > 8 && i - 4 + size <= f.length) targets.add(new int[] {i + 4, size - 8});
        }
      }
      if ((f[i] & 0xFF) == 0x63 && (f[i + 1] & 0xFF) == 0xA2 && (f[i + 2] & 0x80) != 0 && (f[i + 2] & 0x7F) > 0) {
        targets.add(new int[] {i + 3, Math.min(f[i + 2] & 0x7F, f.length - i - 3)}); // CodecPrivate, one-byte size
      }
      boolean startCode = f[i - 3] == 0 && f[i - 2] == 0 && f[i - 1] == 1;
      if (startCode && ((f[i] & 0x1F) == 7 || ((f[i] >>> 1) & 0x3F) == 33)) targets.add(new int[] {i, Math.min(32, f.length - i)});
    }
    return targets;
  }

  /** One mutation inside a configuration of {@code file}, in place; none if it has none. */
  static void mutate(byte[] file, SplittableRandom r) {
    List<int[]> targets = find(file);
    if (targets.isEmpty()) return;
    int[] t = targets.get(r.nextInt(targets.size()));
    int i = t[0] + r.nextInt(t[1]);
    switch (r.nextInt(4)) {
      case 0 -> file[i] ^= (byte) (1 << r.nextInt(8));
      case 1 -> file[i] = (byte) r.nextInt(256);
      case 2 -> { // a count or length of all ones
        for (int k = i; k < Math.min(file.length, i + 2); k++) file[k] = (byte) 0xFF;
      }
      default -> { // zeros: Exp-Golomb codes without their terminating one
        for (int k = i; k < Math.min(file.length, i + 1 + r.nextInt(8)); k++) file[k] = 0;
      }
    }
  }
}
