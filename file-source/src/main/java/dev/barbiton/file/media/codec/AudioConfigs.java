package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;

/**
 * Audio decoder configurations: MPEG-4 {@code AudioSpecificConfig} (ISO/IEC 14496-3 1.6.2.1)
 * and the ADTS header (1.A.2.2.1), Opus's {@code dOps} box (Encapsulation of Opus in ISO BMFF
 * 4.3.2) and {@code OpusHead} (RFC 7845 5.1), and FLAC's {@code STREAMINFO} (RFC 9639 8.2), alone
 * or after the {@code fLaC} marker.
 */
public final class AudioConfigs {
  /** Hertz by {@code samplingFrequencyIndex}. */
  static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
  /** Channels by {@code channelConfiguration}; 0 where a program config element says. */
  static final int[] AAC_CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};

  private AudioConfigs() {}

  /** The channels an AAC {@code channelConfiguration} stands for; 0 if it defers to a program config element. */
  public static int aacChannels(int channelConfiguration) {
    return channelConfiguration >= 0 && channelConfiguration < AAC_CHANNELS.length ? AAC_CHANNELS[channelConfiguration] : 0;
  }

  /**
   * Reads an {@code AudioSpecificConfig}: its first audio object type (5 or 29 when SBR or PS is
   * signalled explicitly), the sampling frequency (the extension's for explicit SBR) and channel
   * configuration.
   */
  public static CodecConfig.Aac audioSpecificConfig(byte[] data, int offset, int length) throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "AudioSpecificConfig");
    int objectType = objectType(r);
    int rate = frequency(r);
    int channels = r.u(4);
    if (objectType == 5 || objectType == 29) {
      rate = frequency(r); // extensionSamplingFrequency: the output rate
    }
    if (rate <= 0) throw r.error("sampling frequency " + rate);
    return new CodecConfig.Aac(objectType, rate, channels);
  }

  private static int objectType(BitReader r) throws BitstreamException {
    int type = r.u(5);
    if (type == 0) throw r.error("audioObjectType 0");
    return type == 31 ? 32 + r.u(6) : type;
  }

  private static int frequency(BitReader r) throws BitstreamException {
    int index = r.u(4);
    if (index == 15) return r.u(24);
    if (index >= AAC_RATES.length) throw r.error("samplingFrequencyIndex " + index + " reserved");
    return AAC_RATES[index];
  }

  /** The AAC values of the ADTS header at {@code offset} (7 bytes at least). */
  public static CodecConfig.Aac adts(byte[] data, int offset, int length) throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "ADTS header");
    if (r.u(12) != 0xFFF) throw r.error("no syncword");
    r.skip(1 + 2 + 1); // ID, layer, protection_absent
    int profile = r.u(2);
    int index = r.u(4);
    if (index >= AAC_RATES.length) throw r.error("sampling_frequency_index " + index + " reserved");
    r.skip(1);
    int channels = r.u(3);
    return new CodecConfig.Aac(profile + 1, AAC_RATES[index], channels);
  }

  /** A {@code dOps} box's payload (big-endian, version 0). */
  public static CodecConfig.Opus dOps(byte[] data, int offset, int length) throws BitstreamException {
    if (length < 11) throw new BitstreamException("dOps: 11 bytes needed, " + length + " present");
    if (data[offset] != 0) throw new BitstreamException("dOps: version " + (data[offset] & 0xFF) + " != 0");
    int channels = data[offset + 1] & 0xFF;
    if (channels == 0) throw new BitstreamException("dOps: OutputChannelCount 0");
    return new CodecConfig.Opus(channels, HdrMetadata.u16(data, offset + 2), HdrMetadata.u32(data, offset + 4),
        (short) HdrMetadata.u16(data, offset + 8), data[offset + 10] & 0xFF);
  }

  /** An {@code OpusHead} packet (little-endian, with its magic), as Matroska's CodecPrivate holds it. */
  public static CodecConfig.Opus opusHead(byte[] data, int offset, int length) throws BitstreamException {
    if (length < 19 || !new String(data, offset, 8, java.nio.charset.StandardCharsets.ISO_8859_1).equals("OpusHead")) {
      throw new BitstreamException("OpusHead: no magic or shorter than 19 bytes");
    }
    int version = data[offset + 8] & 0xFF;
    if (version >>> 4 != 0) throw new BitstreamException("OpusHead: major version " + (version >>> 4));
    int channels = data[offset + 9] & 0xFF;
    if (channels == 0) throw new BitstreamException("OpusHead: channel count 0");
    int preSkip = le16(data, offset + 10);
    long rate = le16(data, offset + 12) | (long) le16(data, offset + 14) << 16;
    return new CodecConfig.Opus(channels, preSkip, rate, (short) le16(data, offset + 16), data[offset + 18] & 0xFF);
  }

  /**
   * FLAC metadata blocks of {@code length} bytes from {@code offset}, after the {@code fLaC}
   * marker if {@code marker}: the STREAMINFO block, which must come first.
   */
  public static CodecConfig.Flac streamInfo(byte[] data, int offset, int length, boolean marker) throws BitstreamException {
    int p = offset;
    if (marker) {
      if (length < 4 || !new String(data, offset, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("fLaC")) {
        throw new BitstreamException("FLAC: no fLaC marker");
      }
      p += 4;
    }
    BitReader r = new BitReader(data, p, offset + length - p, "FLAC STREAMINFO");
    r.skip(1); // last-metadata-block flag
    int type = r.u(7);
    int size = r.u(24);
    if (type != 0 || size < 34) throw r.error("first block is type " + type + " of " + size + " bytes, not STREAMINFO");
    int minBlock = r.u(16);
    int maxBlock = r.u(16);
    r.skip(48); // frame sizes
    int rate = r.u(20);
    int channels = r.u(3) + 1;
    int bits = r.u(5) + 1;
    long total = r.bits(4) << 32 | r.bits(32);
    if (rate == 0) throw r.error("sample rate 0");
    if (bits < 4) throw r.error("bits per sample " + bits);
    return new CodecConfig.Flac(minBlock, maxBlock, rate, channels, bits, total);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }
}
