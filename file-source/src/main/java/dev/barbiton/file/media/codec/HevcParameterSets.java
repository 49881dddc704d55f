package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.ColourInfo;

/**
 * H.265: the {@code HEVCDecoderConfigurationRecord} (ISO/IEC 14496-15 8.3.3.1, MP4 {@code hvcC}
 * and Matroska's CodecPrivate), the video and sequence parameter sets (ITU-T H.265 7.3.2.1,
 * 7.3.2.2) with the SPS's VUI (E.2.1) up to its timing information, and the SEI units the record
 * lists.
 *
 * <p>Bounds: the counts the syntax allows (sub-layers 7, short-term reference picture sets 64,
 * their pictures 16 each way, long-term pictures 32) are checked; a value past them is a {@link
 * BitstreamException}.
 */
public final class HevcParameterSets {
  static final int VPS = 32;
  static final int SPS = 33;
  static final int PREFIX_SEI = 39;
  static final int SUFFIX_SEI = 40;
  private static final int MAX_ARRAYS = 16;
  private static final int MAX_UNITS_PER_ARRAY = 64;

  private HevcParameterSets() {}

  /** The NAL unit type in the two-byte header at {@code offset}. */
  public static int nalType(byte[] data, int offset) {
    return (data[offset] >>> 1) & 0x3F;
  }

  /**
   * Reads an {@code hvcC} record: the general profile, tier and level it states, then its first
   * VPS and SPS and its SEI units into {@code video}. When the SPS states a bit depth or chroma
   * format it wins over the record's copy.
   *
   * @throws BitstreamException if the record is cut short or malformed; {@code video} then holds
   *     what was read before
   */
  public static CodecConfig.Hevc readConfigurationRecord(byte[] data, int offset, int length, VideoFacts video)
      throws BitstreamException {
    BitReader r = new BitReader(data, offset, length, "hvcC");
    int version = r.u(8);
    if (version != 1) throw r.error("configurationVersion " + version + " != 1");
    CodecConfig.Hevc config = generalProfile(r);
    r.skip(16); // reserved, min_spatial_segmentation_idc
    r.skip(8); // reserved, parallelismType
    r.skip(6);
    video.chroma = AvcParameterSets.chroma(r.u(2));
    r.skip(5);
    video.bitDepth = 8 + r.u(3);
    r.skip(5);
    video.chromaBitDepth = 8 + r.u(3);
    r.skip(16 + 8); // avgFrameRate; constantFrameRate, numTemporalLayers, temporalIdNested, lengthSizeMinusOne
    int arrays = r.u(8);
    if (arrays > MAX_ARRAYS) throw r.error("numOfArrays " + arrays + " > " + MAX_ARRAYS);
    boolean sawVps = false;
    boolean sawSps = false;
    for (int a = 0; a < arrays; a++) {
      r.skip(2);
      int type = r.u(6);
      int units = r.u(16);
      if (units > MAX_UNITS_PER_ARRAY) throw r.error("numNalus " + units + " > " + MAX_UNITS_PER_ARRAY);
      for (int u = 0; u < units; u++) {
        int size = r.u(16);
        int at = r.bytePosition();
        r.skip(8L * size);
        if (size < 3) continue;
        if (type == VPS && !sawVps) {
          sawVps = true;
          readVps(data, at, size, video);
        } else if (type == SPS && !sawSps) {
          sawSps = true;
          readSps(data, at, size, video);
        } else if (type == PREFIX_SEI || type == SUFFIX_SEI) {
          HdrMetadata.readSei(data, at, size, 2, video);
        }
      }
    }
    return config;
  }

  /** The eleven bytes of the general profile, tier and level, as in {@code hvcC} and {@code profile_tier_level}. */
  private static CodecConfig.Hevc generalProfile(BitReader r) throws BitstreamException {
    int space = r.u(2);
    boolean tier = r.flag();
    int profile = r.u(5);
    long compatibility = r.bits(32);
    long constraints = r.bits(32) << 16 | r.bits(16);
    int level = r.u(8);
    return new CodecConfig.Hevc(space, tier, profile, compatibility, constraints, level);
  }

  /** {@code profile_tier_level(1, maxSubLayersMinus1)} (7.3.3): the general part, sub-layers read past. */
  private static CodecConfig.Hevc profileTierLevel(BitReader r, int maxSubLayersMinus1) throws BitstreamException {
    CodecConfig.Hevc general = generalProfile(r);
    boolean[] profilePresent = new boolean[maxSubLayersMinus1];
    boolean[] levelPresent = new boolean[maxSubLayersMinus1];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = r.flag();
      levelPresent[i] = r.flag();
    }
    if (maxSubLayersMinus1 > 0) r.skip(2L * (8 - maxSubLayersMinus1));
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      if (profilePresent[i]) r.skip(88);
      if (levelPresent[i]) r.skip(8);
    }
    return general;
  }

  /**
   * Reads an SPS NAL unit (its two-byte header included) into {@code video}: size, conformance
   * window, bit depths, chroma format and the VUI's colour and timing.
   *
   * @return the general profile, tier and level the SPS states
   * @throws BitstreamException if the unit is not an SPS, is cut short, or a value is out of range
   */
  public static CodecConfig.Hevc readSps(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    if (length < 4 || nalType(data, offset) != SPS) throw new BitstreamException("H.265 SPS: not an SPS NAL unit");
    BitReader r = new BitReader(Nal.rbsp(data, offset + 2, length - 2), "H.265 SPS");
    r.skip(4); // sps_video_parameter_set_id
    int maxSubLayersMinus1 = r.u(3);
    if (maxSubLayersMinus1 > 6) throw r.error("sps_max_sub_layers_minus1 " + maxSubLayersMinus1 + " > 6");
    r.skip(1); // sps_temporal_id_nesting_flag
    CodecConfig.Hevc config = profileTierLevel(r, maxSubLayersMinus1);
    r.ue("sps_seq_parameter_set_id", 15);
    int chromaFormat = r.ue("chroma_format_idc", 3);
    boolean separatePlanes = chromaFormat == 3 && r.flag();
    long width = r.ue("pic_width_in_luma_samples", 1 << 16);
    long height = r.ue("pic_height_in_luma_samples", 1 << 16);
    long left = 0;
    long right = 0;
    long top = 0;
    long bottom = 0;
    if (r.flag()) { // conformance_window_flag
      left = r.ue();
      right = r.ue();
      top = r.ue();
      bottom = r.ue();
    }
    int arrayType = separatePlanes ? 0 : chromaFormat;
    int subWidth = arrayType == 1 || arrayType == 2 ? 2 : 1;
    int subHeight = arrayType == 1 ? 2 : 1;
    long croppedWidth = width - subWidth * (left + right);
    long croppedHeight = height - subHeight * (top + bottom);
    if (width == 0 || height == 0 || croppedWidth <= 0 || croppedHeight <= 0) {
      throw r.error("conformance window " + left + "," + right + "," + top + "," + bottom + " leaves no picture of " + width + "x" + height);
    }
    int depthLuma = 8 + r.ue("bit_depth_luma_minus8", 8);
    int depthChroma = 8 + r.ue("bit_depth_chroma_minus8", 8);
    video.codedWidth = (int) width;
    video.codedHeight = (int) height;
    video.width = (int) croppedWidth;
    video.height = (int) croppedHeight;
    video.bitDepth = depthLuma;
    video.chromaBitDepth = depthChroma;
    video.chroma = AvcParameterSets.chroma(chromaFormat);
    int log2MaxPocLsb = 4 + r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
    boolean orderingInfo = r.flag();
    for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
      r.ue(); // sps_max_dec_pic_buffering_minus1
      r.ue(); // sps_max_num_reorder_pics
      r.ue(); // sps_max_latency_increase_plus1
    }
    for (int i = 0; i < 6; i++) r.ue(); // coding and transform block sizes, hierarchy depths
    if (r.flag() && r.flag()) skipScalingListData(r); // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
    r.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
    if (r.flag()) { // pcm_enabled_flag
      r.skip(8);
      r.ue();
      r.ue();
      r.skip(1);
    }
    int sets = r.ue("num_short_term_ref_pic_sets", 64);
    int[] deltaPocs = new int[sets];
    for (int i = 0; i < sets; i++) deltaPocs[i] = shortTermRefPicSet(r, i, deltaPocs);
    if (r.flag()) { // long_term_ref_pics_present_flag
      int longTerm = r.ue("num_long_term_ref_pics_sps", 32);
      r.skip((long) longTerm * (log2MaxPocLsb + 1));
    }
    r.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    if (r.flag()) readVui(r, video, maxSubLayersMinus1);
    return config;
  }

  /** 7.3.4: read past. */
  private static void skipScalingListData(BitReader r) throws BitstreamException {
    for (int sizeId = 0; sizeId < 4; sizeId++) {
      for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
        if (!r.flag()) { // scaling_list_pred_mode_flag
          r.ue(); // scaling_list_pred_matrix_id_delta
        } else {
          int coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
          if (sizeId > 1) r.se(); // scaling_list_dc_coef_minus8
          for (int i = 0; i < coefficients; i++) r.se();
        }
      }
    }
  }

  /** 7.3.7 in an SPS: reads set {@code index}, returns its NumDeltaPocs. */
  private static int shortTermRefPicSet(BitReader r, int index, int[] deltaPocs) throws BitstreamException {
    if (index != 0 && r.flag()) { // inter_ref_pic_set_prediction_flag; delta_idx_minus1 is 0 in an SPS
      r.skip(1); // delta_rps_sign
      r.ue("abs_delta_rps_minus1", 1 << 15);
      int reference = deltaPocs[index - 1];
      int count = 0;
      for (int j = 0; j <= reference; j++) {
        boolean used = r.flag();
        boolean useDelta = used || r.flag();
        if (useDelta) count++;
      }
      if (count > 32) throw r.error("short-term reference picture set " + index + " of " + count + " pictures");
      return count;
    }
    int negative = r.ue("num_negative_pics", 16);
    int positive = r.ue("num_positive_pics", 16);
    for (int i = 0; i < negative + positive; i++) {
      r.ue("delta_poc_minus1", 1 << 15);
      r.skip(1); // used_by_curr_pic_flag
    }
    return negative + positive;
  }

  /** E.2.1 up to the timing information. */
  private static void readVui(BitReader r, VideoFacts video, int maxSubLayersMinus1) throws BitstreamException {
    if (r.flag() && r.u(8) == 255) r.skip(32); // aspect_ratio_idc, sar_width, sar_height
    if (r.flag()) r.skip(1); // overscan_appropriate_flag
    if (r.flag()) { // video_signal_type_present_flag
      r.skip(3);
      boolean fullRange = r.flag();
      int primaries = ColourInfo.UNSPECIFIED;
      int transfer = ColourInfo.UNSPECIFIED;
      int matrix = ColourInfo.UNSPECIFIED;
      if (r.flag()) {
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
    r.skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
    if (r.flag()) { // default_display_window_flag
      for (int i = 0; i < 4; i++) r.ue();
    }
    if (r.flag()) { // vui_timing_info_present_flag
      long unitsInTick = r.bits(32);
      long timeScale = r.bits(32);
      if (unitsInTick > 0 && timeScale > 0) video.streamFrameRate = (double) timeScale / unitsInTick;
    }
  }

  /**
   * Reads a VPS NAL unit (header included) for its timing information, which an SPS without VUI
   * timing leaves to it; the frame rate found goes into {@code video} unless one is there.
   */
  public static void readVps(byte[] data, int offset, int length, VideoFacts video) throws BitstreamException {
    if (length < 4 || nalType(data, offset) != VPS) throw new BitstreamException("H.265 VPS: not a VPS NAL unit");
    BitReader r = new BitReader(Nal.rbsp(data, offset + 2, length - 2), "H.265 VPS");
    r.skip(4 + 1 + 1 + 6); // vps_video_parameter_set_id, base layer flags, vps_max_layers_minus1
    int maxSubLayersMinus1 = r.u(3);
    if (maxSubLayersMinus1 > 6) throw r.error("vps_max_sub_layers_minus1 " + maxSubLayersMinus1 + " > 6");
    r.skip(1 + 16); // vps_temporal_id_nesting_flag, vps_reserved_0xffff_16bits
    profileTierLevel(r, maxSubLayersMinus1);
    boolean orderingInfo = r.flag();
    for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
      r.ue();
      r.ue();
      r.ue();
    }
    int maxLayerId = r.u(6);
    int layerSets = r.ue("vps_num_layer_sets_minus1", 1023);
    r.skip((long) layerSets * (maxLayerId + 1));
    if (r.flag()) { // vps_timing_info_present_flag
      long unitsInTick = r.bits(32);
      long timeScale = r.bits(32);
      if (unitsInTick > 0 && timeScale > 0 && video.streamFrameRate == 0) video.streamFrameRate = (double) timeScale / unitsInTick;
    }
  }
}
