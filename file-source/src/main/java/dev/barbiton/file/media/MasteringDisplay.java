package dev.barbiton.file.media;

/**
 * The colour volume of the display a video was mastered on (SMPTE ST 2086), from an {@code mdcv}
 * box, an H.264/H.265 mastering display colour volume SEI message, an AV1 metadata OBU or
 * Matroska's MasteringMetadata, in the units of the SEI message: chromaticity coordinates in
 * steps of 0.00002 (CIE 1931), luminance in steps of 0.0001 cd/m². Matroska's floating-point
 * values are rounded to these steps.
 *
 * @param redX red primary, x
 * @param redY red primary, y
 * @param greenX green primary, x
 * @param greenY green primary, y
 * @param blueX blue primary, x
 * @param blueY blue primary, y
 * @param whiteX white point, x
 * @param whiteY white point, y
 * @param maxLuminance the display's peak luminance, in 0.0001 cd/m² (10,000,000 is 1,000 cd/m²)
 * @param minLuminance the display's minimum luminance, in 0.0001 cd/m²
 */
public record MasteringDisplay(int redX, int redY, int greenX, int greenY, int blueX, int blueY, int whiteX,
    int whiteY, long maxLuminance, long minLuminance) {
  /**
   * @throws IllegalArgumentException if a coordinate is outside 0..50000 (0 to 1) or a luminance
   *     outside 0..2^32 - 1
   */
  public MasteringDisplay {
    for (int c : new int[] {redX, redY, greenX, greenY, blueX, blueY, whiteX, whiteY}) {
      ValueChecks.range(c, 0, 50_000, "chromaticity");
    }
    ValueChecks.range(maxLuminance, 0, 0xFFFFFFFFL, "maxLuminance");
    ValueChecks.range(minLuminance, 0, 0xFFFFFFFFL, "minLuminance");
  }
}
