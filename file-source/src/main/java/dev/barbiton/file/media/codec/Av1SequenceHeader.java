package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.ColourInfo;
import dev.barbiton.file.media.ContentLightLevel;

/**
 * AV1: the {@code AV1CodecConfigurationRecord} (AV1 Codec ISO Media File Format Binding 2.3,
 * MP4 {@code av1C} and Matroska's CodecPrivate), the OBUs it carries (AV1 Bitstream and Decoding
 * Process 5.3), the sequence header OBU (5.5) with its colour config (5.5.2) and timing info
 * (5.5.3), and the HDR metadata OBUs (5.8.3, 5.8.4).
 */
public final class Av1SequenceHeader {
  private static final int OBU_SEQUENCE_HEADER = 1;
  private static final int OBU_METADATA = 5;
  private static final int METADATA_HDR_CLL = 1;
  private static final int METADATA_HDR_MDCV = 2;
  private static final int MAX_OBUS = 32;

  private Av1SequenceHeader() {}

  /**
   * Reads an {@code av1C} record and the sequence header and metadata OBUs after its four fixed
   * bytes. The sequence header, when there, wins over the record's copy of its fields.
   *
   * @throws BitstreamException if the record or an OBU is cut short or malformed
   */
  public static CodecConfig.Av1 readConfigurationRecord(byte[] data, int offset, int length, VideoFacts video)
      throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "av1C");
    if (!r.flag()) throw r.error("marker bit 0");
    int version = r.u(7);
    if (version != 1) throw r.error("version " + version + " != 1");
    int profile = r.u(3);
    int level = r.u(5);
    boolean tier = r.flag();
    boolean high = r.flag();
    boolean twelve = r.flag();
    boolean mono = r.flag();
    int ssx = r.u(1);
    int ssy = r.u(1);
    int csp = r.u(2);
    r.skip(8);
    int depth = twelve ? 12 : high ? 10 : 8;
    CodecConfig.Av1 config = new CodecConfig.Av1(profile, level, tier, depth, mono, ssx, ssy, csp);
    video.bitDepth = depth;
    video.chromaBitDepth = depth;
    video.chroma = chroma(mono, ssx, ssy);
    CodecConfig.Av1 fromObus = readObus(data, offset + 4, length - 4, video);
    return fromObus != null ? fromObus : config;
  }

  /**
   * Reads the OBUs of {@code length} bytes from {@code offset} (each with a size field, or the
   * last without): a sequence header and metadata OBUs into {@code video}.
   *
   * @return the sequence header's values, or null if there was none
   */
  public static CodecConfig.Av1 readObus(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    CodecConfig.Av1 config = null;
    int p = offset;
    int end = offset + length;
    for (int n = 0; n < MAX_OBUS && p < end; n++) {
      BitReader h = new BitReader(data, p, end - p, "AV1 OBU header");
      if (h.flag()) throw h.error("forbidden bit set");
      int type = h.u(4);
      boolean extension = h.flag();
      boolean hasSize = h.flag();
      h.skip(1);
      if (extension) h.skip(8);
      long size = hasSize ? h.leb128() : h.bitsLeft() / 8;
      int payload = h.bytePosition();
      if (size > end - payload) throw h.error("obu_size " + size + " runs past the " + (end - payload) + " bytes left");
      if (type == OBU_SEQUENCE_HEADER && config == null) {
        config = readSequenceHeader(data, payload, (int) size, video);
      } else if (type == OBU_METADATA) {
        readMetadata(data, payload, (int) size, video);
      }
      p = payload + (int) size;
    }
    return config;
  }

  /** 5.5.1 {@code sequence_header_obu()}. */
  static CodecConfig.Av1 readSequenceHeader(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "AV1 sequence header");
    int profile = r.u(3);
    if (profile > 2) throw r.error("seq_profile " + profile + " > 2");
    r.skip(1); // still_picture
    boolean reduced = r.flag();
    int level;
    boolean tier = false;
    if (reduced) {
      level = r.u(5);
    } else {
      boolean decoderModel = false;
      int bufferDelayLength = 0;
      if (r.flag()) { // timing_info_present_flag
        long unitsInTick = r.bits(32);
        long timeScale = r.bits(32);
        long ticksPerPicture = 1;
        if (r.flag()) ticksPerPicture = r.uvlc() + 1; // equal_picture_interval
        if (unitsInTick > 0 && timeScale > 0) video.streamFrameRate = timeScale / ((double) unitsInTick * ticksPerPicture);
        decoderModel = r.flag();
        if (decoderModel) {
          bufferDelayLength = r.u(5) + 1;
          r.skip(32 + 5 + 5);
        }
      }
      boolean initialDisplayDelay = r.flag();
      int points = r.u(5) + 1;
      level = 0;
      for (int i = 0; i < points; i++) {
        r.skip(12); // operating_point_idc
        int seqLevel = r.u(5);
        boolean seqTier = seqLevel > 7 && r.flag();
        if (i == 0) {
          level = seqLevel;
          tier = seqTier;
        }
        if (decoderModel && r.flag()) r.skip(2L * bufferDelayLength + 1);
        if (initialDisplayDelay && r.flag()) r.skip(4);
      }
    }
    int widthBits = r.u(4) + 1;
    int heightBits = r.u(4) + 1;
    long width = r.bits(widthBits) + 1;
    long height = r.bits(heightBits) + 1;
    if (width > 1 << 16 || height > 1 << 16) throw r.error("frame size " + width + "x" + height + " beyond 65536");
    video.width = (int) width;
    video.height = (int) height;
    video.codedWidth = (int) width;
    video.codedHeight = (int) height;
    if (!reduced && r.flag()) r.skip(4 + 3); // frame_id_numbers_present_flag, id lengths
    r.skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
    if (!reduced) {
      r.skip(4); // interintra, masked compound, warped motion, dual filter
      boolean orderHint = r.flag();
      if (orderHint) r.skip(2); // enable_jnt_comp, enable_ref_frame_mvs
      int forceScreenContent = r.flag() ? 2 : r.u(1); // seq_choose_screen_content_tools
      if (forceScreenContent > 0 && !r.flag()) r.skip(1); // seq_choose_integer_mv, seq_force_integer_mv
      if (orderHint) r.skip(3);
    }
    r.skip(3); // enable_superres, enable_cdef, enable_restoration
    return colorConfig(r, profile, level, tier, video);
  }

  /** 5.5.2 {@code color_config()}. */
  private static CodecConfig.Av1 colorConfig(BitReader r, int profile, int level, boolean tier, VideoFacts video)
      throws BitstreamException {
    boolean high = r.flag();
    int depth = profile == 2 && high ? (r.flag() ? 12 : 10) : high ? 10 : 8;
    boolean mono = profile != 1 && r.flag();
    int primaries = ColourInfo.UNSPECIFIED;
    int transfer = ColourInfo.UNSPECIFIED;
    int matrix = ColourInfo.UNSPECIFIED;
    if (r.flag()) { // color_description_present_flag
      primaries = r.u(8);
      transfer = r.u(8);
      matrix = r.u(8);
    }
    boolean full;
    int ssx;
    int ssy;
    int csp = 0;
    if (mono) {
      full = r.flag();
      ssx = 1;
      ssy = 1;
    } else if (primaries == 1 && transfer == 13 && matrix == 0) { // BT.709, sRGB, identity
      full = true;
      ssx = 0;
      ssy = 0;
    } else {
      full = r.flag();
      if (profile == 0) {
        ssx = 1;
        ssy = 1;
      } else if (profile == 1) {
        ssx = 0;
        ssy = 0;
      } else if (depth == 12) {
        ssx = r.u(1);
        ssy = ssx == 1 ? r.u(1) : 0;
      } else {
        ssx = 1;
        ssy = 0;
      }
      if (ssx == 1 && ssy == 1) csp = r.u(2);
    }
    video.bitDepth = depth;
    video.chromaBitDepth = depth;
    video.chroma = chroma(mono, ssx, ssy);
    video.streamColour = new ColourInfo(primaries, transfer, matrix, full);
    return new CodecConfig.Av1(profile, level, tier, depth, mono, ssx, ssy, csp);
  }

  /** 5.8.1 {@code metadata_obu()}: HDR content light level (5.8.3) and mastering display (5.8.4). */
  private static void readMetadata(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "AV1 metadata OBU");
    long type = r.leb128();
    if (type == METADATA_HDR_CLL) {
      video.contentLight(new ContentLightLevel(r.u(16), r.u(16)));
    } else if (type == METADATA_HDR_MDCV) {
      int[] c = new int[8];
      for (int i = 0; i < 8; i++) c[i] = r.u(16);
      long max = r.bits(32);
      long min = r.bits(32);
      // AV1 orders the primaries red, green, blue, in 0.16 fixed point (5.8.4).
      video.mastering(HdrMetadata.fixedPoint(c, max, min));
    }
  }

  private static dev.barbiton.file.media.VideoFormat.ChromaFormat chroma(boolean mono, int ssx, int ssy) {
    if (mono) return dev.barbiton.file.media.VideoFormat.ChromaFormat.MONOCHROME;
    if (ssx == 1 && ssy == 1) return dev.barbiton.file.media.VideoFormat.ChromaFormat.YUV420;
    return ssx == 1 ? dev.barbiton.file.media.VideoFormat.ChromaFormat.YUV422 : dev.barbiton.file.media.VideoFormat.ChromaFormat.YUV444;
  }
}
