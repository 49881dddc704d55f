package dev.barbiton.file.media;

/**
 * How a video's samples map to colours, as code points of ISO/IEC 23091-2 (ITU-T H.273), the
 * values that H.264/H.265 VUI, the AV1 sequence header, {@code vpcC}, {@code colr} ({@code
 * nclx}) and Matroska's Colour element all carry. Value 2 of the first three means "unspecified".
 *
 * @param primaries {@code colour_primaries}: 1 BT.709, 9 BT.2020, 12 Display P3 ...
 * @param transfer {@code transfer_characteristics}: 1 BT.709, 16 PQ (SMPTE ST 2084), 18 HLG ...
 * @param matrix {@code matrix_coefficients}: 0 identity (RGB), 1 BT.709, 9 BT.2020 non-constant ...
 * @param fullRange {@code video_full_range_flag}: true for full-range (0–255) samples
 */
public record ColourInfo(int primaries, int transfer, int matrix, boolean fullRange) {
  /** The code points' "unspecified" value. */
  public static final int UNSPECIFIED = 2;
  /** {@code transfer_characteristics} of SMPTE ST 2084 (PQ), the transfer of HDR10. */
  public static final int TRANSFER_PQ = 16;
  /** {@code transfer_characteristics} of ARIB STD-B67 (hybrid log-gamma). */
  public static final int TRANSFER_HLG = 18;

  /**
   * @throws IllegalArgumentException if a code point is outside 0..255
   */
  public ColourInfo {
    ValueChecks.range(primaries, 0, 255, "primaries");
    ValueChecks.range(transfer, 0, 255, "transfer");
    ValueChecks.range(matrix, 0, 255, "matrix");
  }
}
