package dev.barbiton.file.media;

import java.util.Locale;

/**
 * MPEG-4 audio descriptors (ISO/IEC 14496-1 and 14496-3) as far as the RFC 6381 codec string
 * {@code mp4a.<objectTypeIndication>[.<audioObjectType>]} needs them.
 */
final class Mpeg4Audio {
  private static final int ES_DESCRIPTOR = 0x03;
  private static final int DECODER_CONFIG_DESCRIPTOR = 0x04;
  private static final int DECODER_SPECIFIC_INFO = 0x05;
  /** objectTypeIndication of MPEG-4 audio; others (0x66..0x6B) are MPEG-2 AAC and MP3. */
  private static final int OTI_MPEG4_AUDIO = 0x40;

  private Mpeg4Audio() {}

  /**
   * The part after {@code "mp4a."} read from the ES_Descriptor that starts at {@code start} (an
   * {@code esds} box's payload after its version and flags) and ends before {@code end}: {@code
   * "40.2"} for AAC-LC, {@code "6b"} for MP3; null if the descriptors are cut off or malformed.
   */
  static String esdsCodecSuffix(SniffWindow w, long start, long end) {
    long p = start;
    if (!w.has(p, 1) || p >= end || w.u8(p) != ES_DESCRIPTOR) return null;
    p = skipDescriptorLength(w, p + 1);
    if (p < 0 || !w.has(p, 3)) return null;
    int flags = w.u8(p + 2);
    p += 3; // ES_ID, flags
    if ((flags & 0x80) != 0) p += 2; // dependsOn_ES_ID
    if ((flags & 0x40) != 0) { // URL
      if (!w.has(p, 1)) return null;
      p += 1 + w.u8(p);
    }
    if ((flags & 0x20) != 0) p += 2; // OCR_ES_Id
    if (!w.has(p, 1) || w.u8(p) != DECODER_CONFIG_DESCRIPTOR) return null;
    p = skipDescriptorLength(w, p + 1);
    if (p < 0 || !w.has(p, 1)) return null;
    int objectTypeIndication = w.u8(p);
    String oti = String.format(Locale.ROOT, "%02x", objectTypeIndication);
    if (objectTypeIndication != OTI_MPEG4_AUDIO) return oti;
    p += 13; // objectTypeIndication, streamType, bufferSizeDB, maxBitrate, avgBitrate
    if (!w.has(p, 1) || w.u8(p) != DECODER_SPECIFIC_INFO) return oti;
    p = skipDescriptorLength(w, p + 1);
    int aot = p < 0 ? 0 : audioObjectType(w, p);
    return aot == 0 ? oti : oti + "." + aot;
  }

  /**
   * The audioObjectType at the start of an AudioSpecificConfig at {@code offset}: five bits, or
   * 32 plus six more bits when the five are 31 (14496-3 1.6.2.1); 0 if cut off.
   */
  static int audioObjectType(SniffWindow w, long offset) {
    if (!w.has(offset, 1)) return 0;
    int aot = w.u8(offset) >>> 3;
    if (aot != 31) return aot;
    if (!w.has(offset, 2)) return 0;
    return 32 + ((w.u8(offset) & 0x07) << 3 | w.u8(offset + 1) >>> 5);
  }

  /** Skips a descriptor length of 1 to 4 bytes (7 bits each, high bit = more); -1 if cut off. */
  private static long skipDescriptorLength(SniffWindow w, long offset) {
    for (int i = 0; i < 4; i++) {
      if (!w.has(offset + i, 1)) return -1;
      if ((w.u8(offset + i) & 0x80) == 0) return offset + i + 1;
    }
    return -1;
  }
}
