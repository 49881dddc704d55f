package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.ColourInfo;
import dev.barbiton.file.media.VideoFormat.ChromaFormat;

/**
 * VP9: the {@code vpcC} box (VP Codec ISO Media File Format Binding, version 1), Matroska's VP9
 * CodecPrivate (a list of feature ID, length, value), the uncompressed header of a key frame
 * (VP9 Bitstream Specification 6.2) for streams that carry neither, and the level limits of the
 * VP9 level table.
 */
public final class Vp9Config {
  /** Luma samples per second and per picture at most, by level (VP9 levels table). */
  private static final long[][] LEVELS = {
    {10, 829_440L, 36_864}, {11, 2_764_800L, 73_728}, {20, 4_608_000L, 122_880}, {21, 9_216_000L, 245_760},
    {30, 20_736_000L, 552_960}, {31, 36_864_000L, 983_040}, {40, 83_558_400L, 2_228_224}, {41, 160_432_128L, 2_228_224},
    {50, 311_951_360L, 8_912_896}, {51, 588_251_136L, 8_912_896}, {52, 1_176_502_272L, 8_912_896},
    {60, 1_176_502_272L, 35_651_584}, {61, 2_353_004_544L, 35_651_584}, {62, 4_706_009_088L, 35_651_584},
  };

  private Vp9Config() {}

  /**
   * Reads a {@code vpcC} box's payload after its version and flags ({@code version} as the box
   * states it): profile, level, bit depth, chroma subsampling, range and colour.
   */
  public static CodecConfig.Vp9 readVpcc(byte[] data, int offset, int length, int version, VideoFacts video)
      throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "vpcC");
    int profile = r.u(8);
    int level = r.u(8);
    int depth = r.u(4);
    if (version == 0) {
      r.skip(4); // colorSpace of the draft version
      int chroma = r.u(4);
      r.skip(4);
      return config(profile, level, depth, chroma > 3 ? 1 : chroma, video);
    }
    int chroma = r.u(3);
    boolean full = r.flag();
    video.streamColour = new ColourInfo(r.u(8), r.u(8), r.u(8), full);
    return config(profile, level, depth, chroma, video);
  }

  /**
   * Reads Matroska's VP9 CodecPrivate: features 1 profile, 2 level, 3 bit depth, 4 chroma
   * subsampling, each one byte; a missing level is derived from {@code fallbackLevel}'s inputs.
   *
   * @return the config, or null if the profile or bit depth is missing
   */
  public static CodecConfig.Vp9 readCodecPrivate(byte[] data, int offset, int length, int derivedLevel, VideoFacts video) {
    int profile = -1;
    int level = derivedLevel;
    int depth = -1;
    int chroma = 1;
    for (int p = offset; p + 2 <= offset + length; ) {
      int id = data[p] & 0xFF;
      int size = data[p + 1] & 0xFF;
      if (p + 2 + size > offset + length) break;
      if (size == 1) {
        int value = data[p + 2] & 0xFF;
        if (id == 1) profile = value;
        if (id == 2) level = value;
        if (id == 3) depth = value;
        if (id == 4) chroma = value;
      }
      p += 2 + size;
    }
    try {
      return profile < 0 || depth < 0 ? null : config(profile, level, depth, chroma, video);
    } catch (BitstreamException e) {
      return null; // not a configuration this track can have
    }
  }

  /**
   * Reads the uncompressed header of a VP9 frame (6.2) when it is a key frame: profile, bit depth,
   * colour space, range, subsampling and size.
   *
   * @return the config with {@code derivedLevel}, or null if the frame is not a key frame
   */
  public static CodecConfig.Vp9 readKeyFrame(byte[] data, int offset, int length, FrameRate rate, VideoFacts video)
      throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "VP9 frame header");
    if (r.u(2) != 2) throw r.error("frame_marker is not 2");
    int profile = r.u(1) | r.u(1) << 1;
    if (profile == 3) r.skip(1);
    if (r.flag()) return null; // show_existing_frame
    if (r.flag()) return null; // frame_type: not a key frame
    r.skip(2); // show_frame, error_resilient_mode
    if (r.u(24) != 0x498342) throw r.error("frame_sync_code mismatch");
    int depth = profile >= 2 ? (r.flag() ? 12 : 10) : 8;
    int space = r.u(3);
    boolean full;
    int ssx = 1;
    int ssy = 1;
    if (space != 7) { // not CS_RGB
      full = r.flag();
      if (profile == 1 || profile == 3) {
        ssx = r.u(1);
        ssy = r.u(1);
        r.skip(1);
      }
    } else {
      full = true;
      ssx = 0;
      ssy = 0;
      if (profile == 1 || profile == 3) r.skip(1);
    }
    int width = r.u(16) + 1;
    int height = r.u(16) + 1;
    video.width = width;
    video.height = height;
    video.codedWidth = width;
    video.codedHeight = height;
    // The colour space names a matrix only (6.2.2): map it to its code point, as FFmpeg does.
    int[] matrices = {ColourInfo.UNSPECIFIED, 5, 1, 6, 7, 9, ColourInfo.UNSPECIFIED, 0};
    video.streamColour = new ColourInfo(ColourInfo.UNSPECIFIED, ColourInfo.UNSPECIFIED, matrices[space], full);
    int chroma = ssx == 1 && ssy == 1 ? 1 : ssx == 1 ? 2 : 3;
    return config(profile, level(width, height, rate), depth, chroma, video);
  }

  /** A frame rate as a fraction, to derive a level from. */
  public record FrameRate(long numerator, long denominator) {}

  /**
   * The lowest level of the VP9 level table whose luma picture size and sample rate limits the
   * stream keeps, from its size and frame rate (the size alone if the rate is unknown); 0 if none.
   */
  public static int level(long width, long height, FrameRate rate) {
    long picture = width * height;
    long samples = rate == null || rate.denominator() <= 0 || rate.numerator() <= 0 ? 0
        : picture * rate.numerator() / rate.denominator();
    if (picture <= 0) return 0;
    for (long[] l : LEVELS) {
      if (samples <= l[1] && picture <= l[2]) return (int) l[0];
    }
    return 0;
  }

  private static CodecConfig.Vp9 config(int profile, int level, int depth, int chroma, VideoFacts video)
      throws BitstreamException {
    if (profile > 3) throw new BitstreamException("VP9: profile " + profile + " > 3");
    if (depth != 8 && depth != 10 && depth != 12) throw new BitstreamException("VP9: bit depth " + depth + " not 8, 10 or 12");
    if (chroma > 3) throw new BitstreamException("VP9: chroma subsampling " + chroma + " > 3");
    video.bitDepth = depth;
    video.chromaBitDepth = depth;
    video.chroma = chroma <= 1 ? ChromaFormat.YUV420 : chroma == 2 ? ChromaFormat.YUV422 : ChromaFormat.YUV444;
    return new CodecConfig.Vp9(profile, level, depth, chroma);
  }
}
