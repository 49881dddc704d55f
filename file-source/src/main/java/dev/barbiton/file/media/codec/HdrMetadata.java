package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.ColourInfo;
import dev.barbiton.file.media.ContentLightLevel;
import dev.barbiton.file.media.DolbyVision;
import dev.barbiton.file.media.MasteringDisplay;

/**
 * Colour and HDR metadata in the forms that share one syntax: the H.264/H.265 SEI messages
 * (mastering display colour volume, H.265 D.2.28; content light level information, D.2.35;
 * alternative transfer characteristics, D.2.38, which H.264 D.1 also defines), the ISO BMFF boxes
 * that copy them ({@code mdcv}, {@code clli}), the {@code colr} box (ISO/IEC 14496-12 12.1.5) and
 * the Dolby Vision configuration box ({@code dvcC}, {@code dvvC}, {@code dvwC}).
 */
public final class HdrMetadata {
  static final int SEI_MASTERING_DISPLAY = 137;
  static final int SEI_CONTENT_LIGHT_LEVEL = 144;
  static final int SEI_ALTERNATIVE_TRANSFER = 147;
  /** At most this many SEI messages are read from one NAL unit. */
  private static final int MAX_MESSAGES = 64;

  private HdrMetadata() {}

  /**
   * Reads the SEI messages of an SEI NAL unit of {@code length} bytes from {@code offset}, whose
   * header is {@code headerBytes} long (1 for H.264, 2 for H.265), into {@code video}.
   */
  public static void readSei(byte[] data, int offset, int length, int headerBytes, VideoFacts video) throws BitstreamException {
    if (length <= headerBytes) return;
    byte[] rbsp = Nal.rbsp(data, offset + headerBytes, length - headerBytes);
    int p = 0;
    for (int n = 0; n < MAX_MESSAGES && p < rbsp.length && (rbsp[p] & 0xFF) != 0x80; n++) {
      int type = 0;
      while (p < rbsp.length && (rbsp[p] & 0xFF) == 0xFF) {
        type += 255;
        p++;
      }
      if (p >= rbsp.length) break;
      type += rbsp[p++] & 0xFF;
      int size = 0;
      while (p < rbsp.length && (rbsp[p] & 0xFF) == 0xFF) {
        size += 255;
        p++;
      }
      if (p >= rbsp.length) break;
      size += rbsp[p++] & 0xFF;
      if (size > rbsp.length - p) throw new BitstreamException("SEI message " + type + " of " + size + " bytes runs past its NAL unit");
      if (type == SEI_MASTERING_DISPLAY && size >= 24) {
        video.mastering(masteringDisplay(rbsp, p));
      } else if (type == SEI_CONTENT_LIGHT_LEVEL && size >= 4) {
        video.contentLight(new ContentLightLevel(u16(rbsp, p), u16(rbsp, p + 2)));
      } else if (type == SEI_ALTERNATIVE_TRANSFER && size >= 1) {
        video.preferredTransfer = rbsp[p] & 0xFF;
      }
      p += size;
    }
  }

  /**
   * The 24 bytes of a mastering display colour volume at {@code offset}: three primaries (x, y;
   * green, blue, red as the SEI message orders them), the white point, then the maximum and
   * minimum luminance. {@code mdcv} has the same layout.
   */
  public static MasteringDisplay masteringDisplay(byte[] b, int offset) throws BitstreamException {
    if (offset < 0 || b.length - offset < 24) throw new BitstreamException("mastering display: 24 bytes needed, " + (b.length - offset) + " left");
    int[] c = new int[8];
    for (int i = 0; i < 8; i++) {
      c[i] = u16(b, offset + 2 * i);
      if (c[i] > 50_000) throw new BitstreamException("mastering display: chromaticity " + c[i] + " > 50000");
    }
    long max = u32(b, offset + 16);
    long min = u32(b, offset + 20);
    // c: green x, y, blue x, y, red x, y, white x, y
    return new MasteringDisplay(c[4], c[5], c[0], c[1], c[2], c[3], c[6], c[7], max, min);
  }

  /**
   * A mastering display in the fixed-point form of AV1's metadata OBU and VP9's {@code SmDm} box:
   * red, green, blue and white chromaticities in 0.16 fixed point, the maximum luminance in 24.8
   * and the minimum in 18.14 fixed point (cd/m²), converted to the SEI units.
   */
  public static MasteringDisplay fixedPoint(int[] rgbw, long max, long min) {
    int[] k = new int[8];
    for (int i = 0; i < 8; i++) k[i] = (int) Math.min(50_000, Math.round(rgbw[i] / 65536.0 * 50_000));
    return new MasteringDisplay(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7],
        Math.min(0xFFFFFFFFL, Math.round(max / 256.0 * 10_000)), Math.min(0xFFFFFFFFL, Math.round(min / 16384.0 * 10_000)));
  }

  /** A {@code SmDm} box's payload after its version and flags (VP Codec ISO Media File Format Binding). */
  public static MasteringDisplay smdm(byte[] b, int offset) throws BitstreamException {
    if (offset < 0 || b.length - offset < 24) throw new BitstreamException("SmDm: 24 bytes needed");
    int[] c = new int[8];
    for (int i = 0; i < 8; i++) c[i] = u16(b, offset + 2 * i);
    return fixedPoint(c, u32(b, offset + 16), u32(b, offset + 20));
  }

  /** A {@code clli} box's payload (or CTA-861.3's two values): MaxCLL, MaxFALL. */
  public static ContentLightLevel contentLightLevel(byte[] b, int offset) throws BitstreamException {
    if (offset < 0 || b.length - offset < 4) throw new BitstreamException("content light level: 4 bytes needed");
    return new ContentLightLevel(u16(b, offset), u16(b, offset + 2));
  }

  /**
   * A {@code colr} box's payload of {@code length} bytes: the colour description of an {@code
   * nclx} (with its range flag) or QuickTime {@code nclc} (no range: limited) type; null for ICC
   * profiles and unknown types.
   */
  public static ColourInfo colr(byte[] b, int offset, int length) throws BitstreamException {
    if (length < 10) return null;
    String type = new String(b, offset, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!type.equals("nclx") && !type.equals("nclc")) return null;
    int primaries = u16(b, offset + 4);
    int transfer = u16(b, offset + 6);
    int matrix = u16(b, offset + 8);
    if (primaries > 255 || transfer > 255 || matrix > 255) {
      throw new BitstreamException("colr: code point above 255 (" + primaries + ", " + transfer + ", " + matrix + ")");
    }
    boolean full = type.equals("nclx") && length >= 11 && (b[offset + 10] & 0x80) != 0;
    return new ColourInfo(primaries, transfer, matrix, full);
  }

  /**
   * A Dolby Vision configuration record of {@code length} bytes (at least 5): version, then
   * profile (7 bits), level (6), the RPU, EL and BL flags, then the compatibility ID (4).
   *
   * @param baseEntry the codec's sample entry type when it is a Dolby Vision one ({@code dvh1},
   *     {@code dvhe}, {@code dav1} ...), else that of the base layer ({@code hvc1}, {@code av01},
   *     {@code avc1}), which picks the Dolby Vision type of the same codec
   */
  public static DolbyVision dolbyVision(byte[] b, int offset, int length, String baseEntry) throws BitstreamException {
    if (length < 5) throw new BitstreamException("Dolby Vision configuration: 5 bytes needed, " + length + " present");
    BitReader r = new BitReader(b, offset, length, "Dolby Vision configuration");
    int major = r.u(8);
    int minor = r.u(8);
    int profile = r.u(7);
    int level = r.u(6);
    boolean rpu = r.flag();
    boolean el = r.flag();
    boolean bl = r.flag();
    int compatibility = r.u(4);
    return new DolbyVision(major, minor, profile, level, rpu, el, bl, compatibility,
        CodecStrings.dolbyVision(dolbyVisionEntry(baseEntry), profile, level));
  }

  private static String dolbyVisionEntry(String entry) {
    switch (entry) {
      case "dvh1": case "dvhe": case "dav1": case "dva1": case "dvav":
        return entry;
      case "hev1":
        return "dvhe";
      case "av01":
        return "dav1";
      case "avc1": case "avc3":
        return "dva1";
      default:
        return "dvh1";
    }
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return (long) u16(b, i) << 16 | u16(b, i + 2);
  }
}
