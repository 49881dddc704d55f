package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes raw audio frame streams: MPEG-1/2/2.5 audio layers II and III (ISO/IEC 11172-3,
 * 13818-3) and AAC in ADTS (ISO/IEC 13818-7, 14496-3), optionally after an ID3v2 tag.
 *
 * <p>Both start with a sync word; they differ in the two layer bits, which ADTS always sets to 00
 * (a value MPEG audio reserves). When the next frame's header also lies in the window it must
 * match, which weeds out most chance matches in binary garbage.
 */
final class AudioFrameSniffer {
  private static final int ID3_HEADER = 10;

  /** Kilobits per second by [MPEG-1 ? 0 : 1][layer III ? 0 : 1][bitrate index]; 0 = free. */
  private static final int[][][] BITRATES = {
    {
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
    },
    {
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    },
  };

  /** Hertz by [version bits][sample rate index]; version bits 01 are reserved. */
  private static final int[][] SAMPLE_RATES = {
    {11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000},
  };

  private AudioFrameSniffer() {}

  /** The facts if the window starts with an ID3v2 tag, an MPEG audio frame or an ADTS frame. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    if (isId3(w)) {
      long after = id3End(w);
      Optional<MediaInfo> frames = sniffFrames(w, after);
      if (frames.isPresent()) return frames;
      if (w.matches(after, "fLaC")) {
        return Optional.of(info(Container.FLAC, "audio/flac", List.of("flac")));
      }
      // The audio lies beyond the window (large cover art) or is preceded by padding we do not
      // search. ID3v2 almost always heads MP3; codecs stay empty to show that this is a guess.
      return Optional.of(info(Container.MP3, "audio/mpeg", List.of()));
    }
    return sniffFrames(w, 0);
  }

  private static Optional<MediaInfo> sniffFrames(SniffWindow w, long offset) {
    String adts = adtsCodec(w, offset, true);
    if (adts != null) return Optional.of(info(Container.AAC_ADTS, "audio/aac", List.of(adts)));
    String mpeg = mpegAudioCodec(w, offset, true);
    if (mpeg != null) return Optional.of(info(Container.MP3, "audio/mpeg", List.of(mpeg)));
    return Optional.empty();
  }

  private static MediaInfo info(Container container, String mimeType, List<String> codecs) {
    return new MediaInfo(container, Optional.of(mimeType), codecs, Optional.empty(), List.of(),
        Source.SNIFFED);
  }

  /** "ID3", a version below 0xFF, and four size bytes below 0x80 (ID3v2.4 section 3.1). */
  private static boolean isId3(SniffWindow w) {
    if (!w.matches(0, "ID3") || !w.has(0, ID3_HEADER)) return false;
    if (w.u8(3) == 0xFF || w.u8(4) == 0xFF) return false;
    for (int i = 6; i < 10; i++) {
      if (w.u8(i) >= 0x80) return false;
    }
    return true;
  }

  /** Where the tag ends: header, synchsafe size, and a footer if flag bit 4 is set. */
  private static long id3End(SniffWindow w) {
    long size = (long) w.u8(6) << 21 | w.u8(7) << 14 | w.u8(8) << 7 | w.u8(9);
    boolean footer = (w.u8(5) & 0x10) != 0;
    return ID3_HEADER + size + (footer ? ID3_HEADER : 0);
  }

  /**
   * The codec of the ADTS header at {@code offset}: {@code "mp4a.40.<profile + 1>"}, or null if
   * there is no valid header there (or, when {@code checkNext}, the next header disagrees).
   */
  private static String adtsCodec(SniffWindow w, long offset, boolean checkNext) {
    if (!w.has(offset, 7)) return null;
    int b1 = w.u8(offset + 1);
    // 12 sync bits, then ID, two layer bits that must be 00, protection_absent.
    if (w.u8(offset) != 0xFF || (b1 & 0xF6) != 0xF0) return null;
    int b2 = w.u8(offset + 2);
    int profile = b2 >>> 6;
    int sampleRateIndex = (b2 >>> 2) & 0x0F;
    if (sampleRateIndex > 12) return null; // 13 and 14 are reserved, 15 is not allowed in ADTS
    int frameLength = (w.u8(offset + 3) & 0x03) << 11 | w.u8(offset + 4) << 3
        | w.u8(offset + 5) >>> 5;
    int headerLength = (b1 & 0x01) == 0 ? 9 : 7; // with a CRC when protection_absent is 0
    if (frameLength < headerLength) return null;
    if (checkNext && w.has(offset + frameLength, 7)) {
      String next = adtsCodec(w, offset + frameLength, false);
      if (next == null || (w.u8(offset + frameLength + 2) & 0xFC) != (b2 & 0xFC)) return null;
    }
    return "mp4a.40." + (profile + 1);
  }

  /**
   * The codec of the MPEG audio frame header at {@code offset}: {@code "mp3"} for layer III,
   * {@code "mp2"} for layer II, or null if there is no valid header there (or, when {@code
   * checkNext}, the next header has another version, layer or sample rate).
   */
  private static String mpegAudioCodec(SniffWindow w, long offset, boolean checkNext) {
    if (!w.has(offset, 4)) return null;
    int b1 = w.u8(offset + 1);
    int b2 = w.u8(offset + 2);
    if (w.u8(offset) != 0xFF || (b1 & 0xE0) != 0xE0) return null; // 11 sync bits
    int version = (b1 >>> 3) & 0x03; // 00 MPEG-2.5, 01 reserved, 10 MPEG-2, 11 MPEG-1
    int layer = (b1 >>> 1) & 0x03; // 01 layer III, 10 layer II, 11 layer I, 00 reserved
    int bitrateIndex = b2 >>> 4;
    int sampleRateIndex = (b2 >>> 2) & 0x03;
    if (version == 1 || (layer != 1 && layer != 2) || bitrateIndex == 15 || sampleRateIndex == 3) {
      return null;
    }
    int kbps = BITRATES[version == 3 ? 0 : 1][layer == 1 ? 0 : 1][bitrateIndex];
    int sampleRate = SAMPLE_RATES[version][sampleRateIndex];
    if (checkNext && kbps != 0) { // free format (0) frames have no computable length
      int padding = (b2 >>> 1) & 0x01;
      int coefficient = layer == 1 && version != 3 ? 72 : 144; // 72 for MPEG-2/2.5 layer III
      long next = offset + (long) coefficient * kbps * 1000 / sampleRate + padding;
      if (w.has(next, 4)) {
        if (mpegAudioCodec(w, next, false) == null
            || (w.u8(next + 1) & 0xFE) != (b1 & 0xFE)
            || (w.u8(next + 2) & 0x0C) != (b2 & 0x0C)) {
          return null;
        }
      }
    }
    return layer == 1 ? "mp3" : "mp2";
  }

  /**
   * The sample rate and channels of the MPEG audio frame header at the start of {@code frame}
   * ({@code {hertz, channels}}), or null if it is not a valid layer II or III header.
   */
  static int[] mpegAudioFormat(byte[] frame) {
    SniffWindow w = new SniffWindow(java.nio.ByteBuffer.wrap(frame), 4);
    if (mpegAudioCodec(w, 0, false) == null) return null;
    int version = (w.u8(1) >>> 3) & 0x03;
    int sampleRate = SAMPLE_RATES[version][(w.u8(2) >>> 2) & 0x03];
    int channels = (w.u8(3) >>> 6) == 3 ? 1 : 2; // channel_mode 11 is single channel
    return new int[] {sampleRate, channels};
  }
}
