package dev.barbiton.file.media;

/**
 * MPEG-4 systems descriptors (ISO/IEC 14496-1 7.2.6) as far as an {@code esds} box needs them:
 * the object type indication of the {@code DecoderConfigDescriptor} and where its {@code
 * DecoderSpecificInfo} (for MPEG-4 audio, an {@code AudioSpecificConfig}) lies.
 */
final class Mpeg4Audio {
  private static final int ES_DESCRIPTOR = 0x03;
  private static final int DECODER_CONFIG_DESCRIPTOR = 0x04;
  private static final int DECODER_SPECIFIC_INFO = 0x05;
  /** objectTypeIndication of MPEG-4 audio; others (0x66..0x6B) are MPEG-2 AAC and MP3. */
  static final int OTI_MPEG4_AUDIO = 0x40;

  private Mpeg4Audio() {}

  /**
   * What the {@code DecoderConfigDescriptor} states.
   *
   * @param objectTypeIndication 0x40 for MPEG-4 audio, 0x6B for MP3 ...
   * @param specificInfo the window offset of the {@code DecoderSpecificInfo}'s bytes; -1 if none
   * @param specificInfoLength their count, all in the window
   */
  record DecoderConfig(int objectTypeIndication, long specificInfo, int specificInfoLength) {}

  /**
   * Reads the ES_Descriptor that starts at {@code start} (an {@code esds} box's payload after its
   * version and flags) and ends before {@code end}; null if the descriptors are cut off or
   * malformed before the object type indication.
   */
  static DecoderConfig decoderConfig(SniffWindow w, long start, long end) {
    long p = start;
    if (!w.has(p, 1) || p >= end || w.u8(p) != ES_DESCRIPTOR) return null;
    long[] length = new long[1];
    p = descriptorLength(w, p + 1, length);
    if (p < 0 || !w.has(p, 3)) return null;
    int flags = w.u8(p + 2);
    p += 3; // ES_ID, flags
    if ((flags & 0x80) != 0) p += 2; // dependsOn_ES_ID
    if ((flags & 0x40) != 0) { // URL
      if (!w.has(p, 1)) return null;
      p += 1 + w.u8(p);
    }
    if ((flags & 0x20) != 0) p += 2; // OCR_ES_Id
    if (!w.has(p, 1) || p >= end || w.u8(p) != DECODER_CONFIG_DESCRIPTOR) return null;
    p = descriptorLength(w, p + 1, length);
    if (p < 0 || !w.has(p, 1)) return null;
    int objectTypeIndication = w.u8(p);
    p += 13; // objectTypeIndication, streamType, bufferSizeDB, maxBitrate, avgBitrate
    if (!w.has(p, 1) || p >= end || w.u8(p) != DECODER_SPECIFIC_INFO) return new DecoderConfig(objectTypeIndication, -1, 0);
    p = descriptorLength(w, p + 1, length);
    if (p < 0 || length[0] > end - p || !w.has(p, length[0])) return new DecoderConfig(objectTypeIndication, -1, 0);
    return new DecoderConfig(objectTypeIndication, p, (int) length[0]);
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

  /** Reads a descriptor length of 1 to 4 bytes (7 bits each, high bit = more) into {@code length[0]}; -1 if cut off. */
  private static long descriptorLength(SniffWindow w, long offset, long[] length) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      if (!w.has(offset + i, 1)) return -1;
      int b = w.u8(offset + i);
      value = value << 7 | (b & 0x7F);
      if ((b & 0x80) == 0) {
        length[0] = value;
        return offset + i + 1;
      }
    }
    return -1;
  }
}
