package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.ColourInfo;
import dev.barbiton.file.media.VideoFormat.ChromaFormat;
import java.util.Set;

/**
 * H.264: the {@code AVCDecoderConfigurationRecord} (ISO/IEC 14496-15 5.3.3.1, MP4 {@code avcC}
 * and Matroska's CodecPrivate) and the sequence parameter set (ITU-T H.264 7.3.2.1.1) with its
 * VUI (E.1.1) as far as size, bit depth, chroma, colour and timing.
 */
public final class AvcParameterSets {
  /** NAL unit types (H.264 Table 7-1). */
  static final int SEI = 6;
  static final int SPS = 7;

  /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (7.3.2.1.1). */
  private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

  private AvcParameterSets() {}

  /**
   * Reads an {@code avcC} record of {@code length} bytes from {@code offset}: its profile,
   * constraints and level, then its first SPS (and any SEI unit it lists) into {@code video}.
   *
   * @throws BitstreamException if the record is cut short or malformed; {@code video} then holds
   *     what was read before
   */
  public static CodecConfig.Avc readConfigurationRecord(byte[] data, int offset, int length, VideoFacts video)
      throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "avcC");
    int version = r.u(8);
    if (version != 1) throw r.error("configurationVersion " + version + " != 1");
    CodecConfig.Avc config = new CodecConfig.Avc(r.u(8), r.u(8), r.u(8));
    r.skip(8); // reserved, lengthSizeMinusOne
    r.skip(3);
    int spsCount = r.u(5);
    for (int i = 0; i < spsCount; i++) {
      int size = r.u(16);
      int at = r.bytePosition();
      r.skip(8L * size);
      if (i == 0 && size > 1) readSps(data, at, size, video);
    }
    return config;
  }

  /**
   * Reads an SPS NAL unit of {@code length} bytes from {@code offset} (its one-byte header
   * included) into {@code video}.
   *
   * @return the profile, constraints and level it names
   * @throws BitstreamException if the unit is not an SPS, is cut short, or a value is out of range
   */
  public static CodecConfig.Avc readSps(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    if (length < 4 || (data[offset] & 0x1F) != SPS) throw new BitstreamException("H.264 SPS: not an SPS NAL unit");
    byte[] rbsp = Nal.rbsp(data, offset + 1, length - 1);
    BitReader r = new BitReader(rbsp, "H.264 SPS");
    int profile = r.u(8);
    int constraints = r.u(8);
    int level = r.u(8);
    CodecConfig.Avc config = new CodecConfig.Avc(profile, constraints, level);
    r.ue("seq_parameter_set_id", 31);
    int chromaFormat = 1;
    boolean separatePlanes = false;
    int depthLuma = 8;
    int depthChroma = 8;
    if (HIGH_PROFILES.contains(profile)) {
      chromaFormat = r.ue("chroma_format_idc", 3);
      if (chromaFormat == 3) separatePlanes = r.flag();
      depthLuma = 8 + r.ue("bit_depth_luma_minus8", 6);
      depthChroma = 8 + r.ue("bit_depth_chroma_minus8", 6);
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
        }
      }
    }
    video.bitDepth = depthLuma;
    video.chromaBitDepth = depthChroma;
    video.chroma = chroma(chromaFormat);
    r.ue("log2_max_frame_num_minus4", 12);
    int pocType = r.ue("pic_order_cnt_type", 2);
    if (pocType == 0) {
      r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
    } else if (pocType == 1) {
      r.skip(1); // delta_pic_order_always_zero_flag
      r.se(); // offset_for_non_ref_pic
      r.se(); // offset_for_top_to_bottom_field
      int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
      for (int i = 0; i < cycle; i++) r.se();
    }
    r.ue("max_num_ref_frames", 32);
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = r.ue("pic_width_in_mbs_minus1", 1 << 16) + 1L;
    long heightMapUnits = r.ue("pic_height_in_map_units_minus1", 1 << 16) + 1L;
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
    r.skip(1); // direct_8x8_inference_flag
    long width = widthMbs * 16;
    long height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (r.flag()) { // frame_cropping_flag
      cropLeft = r.ue();
      cropRight = r.ue();
      cropTop = r.ue();
      cropBottom = r.ue();
    }
    int arrayType = separatePlanes ? 0 : chromaFormat;
    int cropUnitX = arrayType == 0 ? 1 : arrayType == 3 ? 1 : 2;
    int cropUnitY = (arrayType == 0 ? 1 : arrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
    long croppedWidth = width - cropUnitX * (cropLeft + cropRight);
    long croppedHeight = height - cropUnitY * (cropTop + cropBottom);
    if (croppedWidth <= 0 || croppedHeight <= 0) {
      throw r.error("cropping " + cropLeft + "," + cropRight + "," + cropTop + "," + cropBottom + " leaves no picture of " + width + "x" + height);
    }
    video.codedWidth = (int) width;
    video.codedHeight = (int) height;
    video.width = (int) croppedWidth;
    video.height = (int) croppedHeight;
    if (r.flag()) readVui(r, video); // vui_parameters_present_flag
    return config;
  }

  /** 7.3.2.1.1.1: only read past. */
  private static void skipScalingList(BitReader r, int size) throws BitstreamException {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        int delta = r.se();
        next = ((last + delta) % 256 + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }

  /** E.1.1 up to the timing information. */
  private static void readVui(BitReader r, VideoFacts video) throws BitstreamException {
    if (r.flag() && r.u(8) == 255) r.skip(32); // aspect_ratio_idc, Extended_SAR
    if (r.flag()) r.skip(1); // overscan_appropriate_flag
    if (r.flag()) { // video_signal_type_present_flag
      r.skip(3); // video_format
      boolean fullRange = r.flag();
      int primaries = ColourInfo.UNSPECIFIED;
      int transfer = ColourInfo.UNSPECIFIED;
      int matrix = ColourInfo.UNSPECIFIED;
      if (r.flag()) { // colour_description_present_flag
        primaries = r.u(8);
        transfer = r.u(8);
        matrix = r.u(8);
      }
      video.streamColour = new ColourInfo(primaries, transfer, matrix, fullRange);
    }
    if (r.flag()) { // chroma_loc_info_present_flag
      r.ue();
      r.ue();
    }
    if (r.flag()) { // timing_info_present_flag
      long unitsInTick = r.bits(32);
      long timeScale = r.bits(32);
      if (unitsInTick > 0 && timeScale > 0) video.streamFrameRate = timeScale / (2.0 * unitsInTick);
    }
  }

  static ChromaFormat chroma(int chromaFormatIdc) {
    switch (chromaFormatIdc) {
      case 0: return ChromaFormat.MONOCHROME;
      case 1: return ChromaFormat.YUV420;
      case 2: return ChromaFormat.YUV422;
      default: return ChromaFormat.YUV444;
    }
  }
}
