package dev.barbiton.file.media;

/**
 * The values of a track's decoder configuration that its codec string is built from, as the
 * configuration record or parameter set states them. One record per codec family; a track whose
 * configuration was not read, or whose codec is not one of these, has none.
 */
public sealed interface CodecConfig
    permits CodecConfig.Avc, CodecConfig.Hevc, CodecConfig.Av1, CodecConfig.Vp9, CodecConfig.Aac,
        CodecConfig.Opus, CodecConfig.Flac {

  /**
   * H.264 (ITU-T H.264 7.4.2.1.1), from an {@code avcC} record or a sequence parameter set.
   *
   * @param profile {@code profile_idc}: 66 baseline, 77 main, 100 high, 110 high 10 ...
   * @param constraints the byte of {@code constraint_set0_flag} .. {@code constraint_set5_flag}
   *     and the two reserved bits, as the codec string carries it ({@code 0xC0}: constrained baseline)
   * @param level {@code level_idc}: ten times the level (31 is level 3.1; 9 is level 1b)
   */
  record Avc(int profile, int constraints, int level) implements CodecConfig {
    public Avc {
      ValueChecks.range(profile, 0, 255, "profile");
      ValueChecks.range(constraints, 0, 255, "constraints");
      ValueChecks.range(level, 0, 255, "level");
    }
  }

  /**
   * H.265 {@code profile_tier_level} (ITU-T H.265 7.4.4), general layer.
   *
   * @param profileSpace {@code general_profile_space}, 0 to 3
   * @param highTier {@code general_tier_flag}
   * @param profile {@code general_profile_idc}: 1 Main, 2 Main 10, 3 Main Still Picture, 4 range extensions ...
   * @param compatibilityFlags the 32 {@code general_profile_compatibility_flag}s, flag 0 the most
   *     significant bit
   * @param constraintFlags the 48 bits from {@code general_progressive_source_flag} on, the
   *     first of them the most significant of 48
   * @param level {@code general_level_idc}: thirty times the level (93 is level 3.1)
   */
  record Hevc(int profileSpace, boolean highTier, int profile, long compatibilityFlags, long constraintFlags, int level)
      implements CodecConfig {
    public Hevc {
      ValueChecks.range(profileSpace, 0, 3, "profileSpace");
      ValueChecks.range(profile, 0, 31, "profile");
      if (compatibilityFlags < 0 || compatibilityFlags > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("compatibilityFlags outside 32 bits: " + compatibilityFlags);
      }
      if (constraintFlags < 0 || constraintFlags >= 1L << 48) {
        throw new IllegalArgumentException("constraintFlags outside 48 bits: " + constraintFlags);
      }
      ValueChecks.range(level, 0, 255, "level");
    }
  }

  /**
   * AV1 (AV1 Bitstream and Decoding Process 5.5, 6.4), from an {@code av1C} record and the
   * sequence header OBU it carries.
   *
   * @param profile {@code seq_profile}: 0 Main, 1 High, 2 Professional
   * @param level {@code seq_level_idx} of operating point 0: {@code 8} is level 4.0 (X.Y is
   *     {@code (X - 2) * 4 + Y})
   * @param highTier {@code seq_tier} of operating point 0
   * @param bitDepth 8, 10 or 12
   * @param monochrome {@code mono_chrome}
   * @param subsamplingX {@code subsampling_x}
   * @param subsamplingY {@code subsampling_y}
   * @param chromaSamplePosition {@code chroma_sample_position}: 0 unknown, 1 vertical, 2 colocated
   */
  record Av1(int profile, int level, boolean highTier, int bitDepth, boolean monochrome, int subsamplingX,
      int subsamplingY, int chromaSamplePosition) implements CodecConfig {
    public Av1 {
      ValueChecks.range(profile, 0, 7, "profile");
      ValueChecks.range(level, 0, 31, "level");
      if (bitDepth != 8 && bitDepth != 10 && bitDepth != 12) throw new IllegalArgumentException("bitDepth not 8, 10 or 12: " + bitDepth);
      ValueChecks.range(subsamplingX, 0, 1, "subsamplingX");
      ValueChecks.range(subsamplingY, 0, 1, "subsamplingY");
      ValueChecks.range(chromaSamplePosition, 0, 3, "chromaSamplePosition");
    }
  }

  /**
   * VP9 (VP Codec ISO Media File Format Binding, {@code vpcC}).
   *
   * @param profile 0 to 3
   * @param level ten times the level ({@code 41} is level 4.1); from the {@code vpcC} record or
   *     Matroska's CodecPrivate, else derived from the picture size and frame rate with the
   *     limits of the VP9 level table, as FFmpeg's muxers derive it
   * @param bitDepth 8, 10 or 12
   * @param chromaSubsampling 0 4:2:0 vertical, 1 4:2:0 colocated with luma, 2 4:2:2, 3 4:4:4
   */
  record Vp9(int profile, int level, int bitDepth, int chromaSubsampling) implements CodecConfig {
    public Vp9 {
      ValueChecks.range(profile, 0, 3, "profile");
      ValueChecks.range(level, 0, 255, "level");
      ValueChecks.range(bitDepth, 1, 16, "bitDepth");
      ValueChecks.range(chromaSubsampling, 0, 7, "chromaSubsampling");
    }
  }

  /**
   * MPEG-4 audio (ISO/IEC 14496-3 1.6.2.1 {@code AudioSpecificConfig}): AAC and its extensions.
   *
   * @param objectType the audio object type the codec string names: 2 AAC-LC, 5 SBR (HE-AAC),
   *     29 PS (HE-AAC v2), 1 AAC main ...; the extension's type when the configuration signals
   *     SBR or PS explicitly
   * @param sampleRate the core sampling frequency in hertz
   * @param channelConfiguration {@code channelConfiguration}: 1 mono, 2 stereo ... 0 when a
   *     program config element defines the channels
   */
  record Aac(int objectType, int sampleRate, int channelConfiguration) implements CodecConfig {
    public Aac {
      ValueChecks.range(objectType, 1, 95, "objectType");
      ValueChecks.range(sampleRate, 0, Integer.MAX_VALUE, "sampleRate");
      ValueChecks.range(channelConfiguration, 0, 15, "channelConfiguration");
    }
  }

  /**
   * Opus (RFC 7845 5.1 {@code OpusHead}; Opus in ISO BMFF {@code dOps}).
   *
   * @param channels output channel count, 1 to 255
   * @param preSkip samples at 48 kHz to drop from the start
   * @param inputSampleRate the original sample rate in hertz; informative only, 0 if unstated
   * @param outputGain in Q7.8 dB
   * @param mappingFamily channel mapping family: 0 mono/stereo, 1 Vorbis order, 255 undefined
   */
  record Opus(int channels, int preSkip, long inputSampleRate, int outputGain, int mappingFamily) implements CodecConfig {
    public Opus {
      ValueChecks.range(channels, 1, 255, "channels");
      ValueChecks.range(preSkip, 0, 65535, "preSkip");
      if (inputSampleRate < 0 || inputSampleRate > 0xFFFFFFFFL) throw new IllegalArgumentException("inputSampleRate outside 32 bits: " + inputSampleRate);
      ValueChecks.range(outputGain, -32768, 32767, "outputGain");
      ValueChecks.range(mappingFamily, 0, 255, "mappingFamily");
    }
  }

  /**
   * FLAC {@code STREAMINFO} (RFC 9639 8.2).
   *
   * @param minBlockSize in samples
   * @param maxBlockSize in samples
   * @param sampleRate in hertz
   * @param channels 1 to 8
   * @param bitsPerSample 4 to 32
   * @param totalSamples samples per channel; 0 if unknown
   */
  record Flac(int minBlockSize, int maxBlockSize, int sampleRate, int channels, int bitsPerSample, long totalSamples)
      implements CodecConfig {
    public Flac {
      ValueChecks.range(minBlockSize, 0, 65535, "minBlockSize");
      ValueChecks.range(maxBlockSize, 0, 65535, "maxBlockSize");
      ValueChecks.range(sampleRate, 0, (1 << 20) - 1, "sampleRate");
      ValueChecks.range(channels, 1, 8, "channels");
      ValueChecks.range(bitsPerSample, 4, 32, "bitsPerSample");
      if (totalSamples < 0 || totalSamples >= 1L << 36) throw new IllegalArgumentException("totalSamples outside 36 bits: " + totalSamples);
    }
  }
}
