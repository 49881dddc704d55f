package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.ColourInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6381 codec strings, built one way from configuration values and brought to that same form
 * when read from a header, so that a codec found by sniffing, by the index or by {@code
 * Content-Type} compares equal.
 *
 * <p>The forms:
 *
 * <ul>
 *   <li>H.264 (ISO/IEC 14496-15 E.2 / RFC 6381 3.3): {@code avc1.PPCCLL}, profile, constraint
 *       byte and level as two upper-case hexadecimal digits each.
 *   <li>H.265 (ISO/IEC 14496-15 E.3): {@code hvc1.[A-C]P.F.TL.B0[.B1...]}: the profile space as a
 *       letter (none for 0), the profile in decimal, the 32 compatibility flags in reverse bit
 *       order in hexadecimal without leading zeros, {@code L} or {@code H} for the tier and the
 *       level in decimal, then the six constraint bytes in hexadecimal, trailing zero bytes left
 *       out.
 *   <li>Dolby Vision: {@code dvh1.PP.LL}, profile and level in two decimal digits.
 *   <li>AV1 (AV1 Codec ISO Media File Format Binding, "Codecs Parameter String"): {@code
 *       av01.P.LLT.DD} and, when the stream states something other than the defaults, {@code
 *       .M.CCC.cp.tc.mc.F}.
 *   <li>VP9 (VP Codec ISO Media File Format Binding, "Codecs Parameter String"): {@code
 *       vp09.PP.LL.DD} and, likewise, {@code .CC.cp.tc.mc.FF}.
 *   <li>MPEG-4 audio (RFC 6381 3.3): {@code mp4a.OO[.A]}, the object type indication in two
 *       upper-case hexadecimal digits and the audio object type in decimal.
 * </ul>
 *
 * <p>The optional colour part of AV1 and VP9 is written when the monochrome flag, chroma
 * subsampling, chroma sample position or range differ from the defaults of those bindings, or a
 * colour code point is neither the default (1, BT.709) nor unspecified (2): a stream that says
 * nothing of its colours gets the short form, as an encoder's muxer writes it, and an HDR stream
 * the long one. Both forms name the same stream for a parser.
 */
public final class CodecStrings {
  private static final Set<String> KNOWN = Set.of("avc1", "avc2", "avc3", "avc4", "hvc1", "hev1", "dvh1", "dvhe",
      "dva1", "dvav", "dav1", "av01", "vp08", "vp09", "mp4a", "mp4v", "opus", "flac", "mp3", "vp8", "vp9", "vorbis",
      "ac-3", "ec-3", "ac-4", "alac", "theora");

  private CodecStrings() {}

  /** {@code avc1.PPCCLL} with {@code entry} as the first part ({@code avc1}, {@code avc3}). */
  public static String avc(String entry, CodecConfig.Avc c) {
    return String.format(Locale.ROOT, "%s.%02X%02X%02X", entry, c.profile(), c.constraints(), c.level());
  }

  /** The H.265 form with {@code entry} as the first part ({@code hvc1}, {@code hev1}). */
  public static String hevc(String entry, CodecConfig.Hevc c) {
    StringBuilder s = new StringBuilder(entry).append('.');
    if (c.profileSpace() > 0) s.append((char) ('A' + c.profileSpace() - 1));
    s.append(c.profile()).append('.');
    s.append(Long.toHexString(Integer.toUnsignedLong(Integer.reverse((int) c.compatibilityFlags()))).toUpperCase(Locale.ROOT));
    s.append('.').append(c.highTier() ? 'H' : 'L').append(c.level());
    int[] bytes = new int[6];
    int last = -1;
    for (int i = 0; i < 6; i++) {
      bytes[i] = (int) (c.constraintFlags() >>> (40 - 8 * i)) & 0xFF;
      if (bytes[i] != 0) last = i;
    }
    for (int i = 0; i <= last; i++) s.append(String.format(Locale.ROOT, ".%02X", bytes[i]));
    return s.toString();
  }

  /** {@code entry.PP.LL}: a Dolby Vision codec string. */
  public static String dolbyVision(String entry, int profile, int level) {
    return String.format(Locale.ROOT, "%s.%02d.%02d", entry, profile, level);
  }

  /** The AV1 form, with the colour part when {@code colour} or the config differ from the defaults. */
  public static String av1(CodecConfig.Av1 c, Optional<ColourInfo> colour) {
    String s = String.format(Locale.ROOT, "av01.%d.%02d%c.%02d", c.profile(), c.level(), c.highTier() ? 'H' : 'M', c.bitDepth());
    ColourInfo k = colour.orElse(new ColourInfo(ColourInfo.UNSPECIFIED, ColourInfo.UNSPECIFIED, ColourInfo.UNSPECIFIED, false));
    boolean defaults = !c.monochrome() && c.subsamplingX() == 1 && c.subsamplingY() == 1 && c.chromaSamplePosition() == 0
        && defaultColour(k);
    if (defaults) return s;
    return s + String.format(Locale.ROOT, ".%d.%d%d%d.%02d.%02d.%02d.%d", c.monochrome() ? 1 : 0, c.subsamplingX(),
        c.subsamplingY(), c.chromaSamplePosition(), k.primaries(), k.transfer(), k.matrix(), k.fullRange() ? 1 : 0);
  }

  /** The VP9 form, with the colour part when {@code colour} or the config differ from the defaults. */
  public static String vp9(CodecConfig.Vp9 c, Optional<ColourInfo> colour) {
    String s = String.format(Locale.ROOT, "vp09.%02d.%02d.%02d", c.profile(), c.level(), c.bitDepth());
    ColourInfo k = colour.orElse(new ColourInfo(ColourInfo.UNSPECIFIED, ColourInfo.UNSPECIFIED, ColourInfo.UNSPECIFIED, false));
    if (c.chromaSubsampling() == 1 && defaultColour(k)) return s;
    return s + String.format(Locale.ROOT, ".%02d.%02d.%02d.%02d.%02d", c.chromaSubsampling(), k.primaries(), k.transfer(),
        k.matrix(), k.fullRange() ? 1 : 0);
  }

  private static boolean defaultColour(ColourInfo k) {
    return !k.fullRange() && k.primaries() <= 2 && k.primaries() >= 1 && k.transfer() <= 2 && k.transfer() >= 1
        && k.matrix() <= 2 && k.matrix() >= 1;
  }

  /** {@code mp4a.OO} or {@code mp4a.OO.A}; {@code audioObjectType} 0 leaves out the last part. */
  public static String mp4a(int objectTypeIndication, int audioObjectType) {
    String s = String.format(Locale.ROOT, "mp4a.%02X", objectTypeIndication);
    return audioObjectType > 0 ? s + "." + audioObjectType : s;
  }

  /**
   * {@code codec} in the form this class builds: the first part of a known codec in lower case
   * ({@code AVC1} becomes {@code avc1}, {@code Opus} {@code opus}), hexadecimal parts in upper
   * case, decimal parts without leading zeros where the form has none, H.265 trailing zero
   * constraint bytes and AV1/VP9 default colour parts left out. A string that does not follow its
   * codec's syntax is returned unchanged, as is any codec not listed above.
   */
  public static String canonical(String codec) {
    String[] parts = codec.split("\\.", -1);
    String head = parts[0].toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(head)) return codec;
    parts[0] = head;
    try {
      switch (head) {
        case "avc1": case "avc2": case "avc3": case "avc4":
          if (parts.length == 2 && parts[1].length() == 6) {
            int v = Integer.parseInt(parts[1], 16);
            return avc(head, new CodecConfig.Avc(v >>> 16, v >>> 8 & 0xFF, v & 0xFF));
          }
          break;
        case "hvc1": case "hev1":
          if (parts.length >= 4) return hevcCanonical(head, parts);
          break;
        case "dvh1": case "dvhe": case "dva1": case "dvav": case "dav1":
          if (parts.length == 3) return dolbyVision(head, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
          break;
        case "av01":
          if (parts.length == 4 || parts.length == 10) return av1Canonical(parts);
          break;
        case "vp09":
          if (parts.length == 4 || parts.length == 9) return vp9Canonical(parts);
          break;
        case "mp4a":
          if (parts.length == 2 || parts.length == 3) {
            int oti = Integer.parseInt(parts[1], 16);
            int aot = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
            if (oti >= 0 && oti <= 255 && aot > 0 || parts.length == 2) return mp4a(oti, aot);
          }
          break;
        default:
          break;
      }
    } catch (RuntimeException e) {
      // not this codec's syntax (a number that does not parse, a value out of range): as given
    }
    return String.join(".", parts);
  }

  private static String hevcCanonical(String head, String[] parts) {
    String space = parts[1].toUpperCase(Locale.ROOT);
    int profileSpace = space.isEmpty() ? 0 : space.charAt(0) >= 'A' && space.charAt(0) <= 'C' ? space.charAt(0) - 'A' + 1 : 0;
    int profile = Integer.parseInt(profileSpace > 0 ? space.substring(1) : space);
    long reversed = Long.parseLong(parts[2], 16);
    if (reversed > 0xFFFFFFFFL) throw new IllegalArgumentException("flags");
    char tier = Character.toUpperCase(parts[3].charAt(0));
    if (tier != 'L' && tier != 'H') throw new IllegalArgumentException("tier");
    int level = Integer.parseInt(parts[3].substring(1));
    long constraints = 0;
    if (parts.length > 10) throw new IllegalArgumentException("constraint bytes");
    for (int i = 0; i < 6; i++) {
      int b = 4 + i < parts.length ? Integer.parseInt(parts[4 + i], 16) : 0;
      if (b > 255) throw new IllegalArgumentException("byte");
      constraints = constraints << 8 | b;
    }
    long flags = Integer.toUnsignedLong(Integer.reverse((int) reversed));
    return hevc(head, new CodecConfig.Hevc(profileSpace, tier == 'H', profile, flags, constraints, level));
  }

  private static String av1Canonical(String[] p) {
    char tier = Character.toUpperCase(p[2].charAt(p[2].length() - 1));
    if (tier != 'M' && tier != 'H') throw new IllegalArgumentException("tier");
    int level = Integer.parseInt(p[2].substring(0, p[2].length() - 1));
    boolean mono = p.length == 10 && Integer.parseInt(p[4]) == 1;
    int ssx = 1;
    int ssy = 1;
    int csp = 0;
    Optional<ColourInfo> colour = Optional.empty();
    if (p.length == 10) {
      if (p[5].length() != 3) throw new IllegalArgumentException("subsampling");
      ssx = p[5].charAt(0) - '0';
      ssy = p[5].charAt(1) - '0';
      csp = p[5].charAt(2) - '0';
      colour = Optional.of(new ColourInfo(Integer.parseInt(p[6]), Integer.parseInt(p[7]), Integer.parseInt(p[8]),
          Integer.parseInt(p[9]) == 1));
    }
    return av1(new CodecConfig.Av1(Integer.parseInt(p[1]), level, tier == 'H', Integer.parseInt(p[3]), mono, ssx, ssy, csp),
        colour);
  }

  private static String vp9Canonical(String[] p) {
    int chroma = p.length == 9 ? Integer.parseInt(p[4]) : 1;
    Optional<ColourInfo> colour = p.length == 9
        ? Optional.of(new ColourInfo(Integer.parseInt(p[5]), Integer.parseInt(p[6]), Integer.parseInt(p[7]), Integer.parseInt(p[8]) == 1))
        : Optional.empty();
    return vp9(new CodecConfig.Vp9(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), chroma), colour);
  }

  /** {@link #canonical} of each, without duplicates, in order. */
  public static List<String> canonical(List<String> codecs) {
    List<String> out = new ArrayList<>();
    for (String c : codecs) {
      String k = canonical(c);
      if (!out.contains(k)) out.add(k);
    }
    return out;
  }
}
