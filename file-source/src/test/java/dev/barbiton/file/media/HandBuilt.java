package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.box;
import static dev.barbiton.file.media.SniffFixtures.bytes;
import static dev.barbiton.file.media.SniffFixtures.cat;
import static dev.barbiton.file.media.SniffFixtures.u32;

import java.io.ByteArrayOutputStream;

/**
 * Decoder configurations built by hand, field by field, from the specifications' syntax tables,
 * for what the LGPL FFmpeg build cannot encode (10-bit and HDR H.265, Dolby Vision) and for
 * values chosen to exercise rarely met branches. Each builder names the clause it follows.
 */
final class HandBuilt {
  private HandBuilt() {}

  /** Mastering display of a typical HDR10 master (P3 primaries, D65, 1000 cd/m² to 0.005). */
  static final int[] MASTERING_GBR_WHITE = {13250, 34500, 7500, 3000, 34000, 16000, 15635, 16450};
  static final long MASTERING_MAX = 10_000_000;
  static final long MASTERING_MIN = 50;

  /**
   * H.265 {@code profile_tier_level(1, 0)} (7.3.3): Main 10 (profile 2, compatibility flag 2),
   * main tier, progressive, non-packed, frame-only (constraint byte 0xB0), level 5.1 (153).
   */
  static void hevcMain10Level51(BitWriter w) {
    w.u(2, 0).u(1, 0).u(5, 2); // general_profile_space, general_tier_flag, general_profile_idc
    w.u(32, 0x20000000L); // general_profile_compatibility_flag[2]
    w.u(1, 1).u(1, 0).u(1, 1).u(1, 1); // progressive, interlaced, non_packed, frame_only
    w.u(32, 0).u(11, 0).u(1, 0); // 43 reserved bits, general_inbld_flag
    w.u(8, 153); // general_level_idc
  }

  /** An H.265 VPS (7.3.2.1) of one layer and sub-layer. */
  static byte[] hevcVps() {
    BitWriter w = new BitWriter();
    w.u(4, 0).u(1, 1).u(1, 1).u(6, 0).u(3, 0).u(1, 1).u(16, 0xFFFF);
    hevcMain10Level51(w);
    w.u(1, 1).ue(4).ue(2).ue(0); // vps_sub_layer_ordering_info_present_flag and its one set
    w.u(6, 0).ue(0); // vps_max_layer_id, vps_num_layer_sets_minus1
    w.u(1, 0).u(1, 0); // vps_timing_info_present_flag, vps_extension_flag
    return BitWriter.nal(bytes(0x40, 0x01), w.trailing().toByteArray());
  }

  /**
   * An H.265 SPS (7.3.2.2): 3840x2160 4:2:0 coded as 3840x2176 with a conformance window of 16
   * rows at the bottom (offset 8, in chroma rows), 10 bits, two short-term reference picture
   * sets (the second predicted from the first, 7.3.7), VUI (E.2.1) with BT.2020 primaries, PQ
   * transfer, BT.2020 non-constant matrix, limited range, and timing 60000/1001.
   */
  static byte[] hevcSps() {
    BitWriter w = new BitWriter();
    w.u(4, 0).u(3, 0).u(1, 1); // sps_video_parameter_set_id, sps_max_sub_layers_minus1, temporal_id_nesting
    hevcMain10Level51(w);
    w.ue(0).ue(1); // sps_seq_parameter_set_id, chroma_format_idc
    w.ue(3840).ue(2176); // pic_width_in_luma_samples, pic_height_in_luma_samples
    w.u(1, 1).ue(0).ue(0).ue(0).ue(8); // conformance_window_flag, left, right, top, bottom
    w.ue(2).ue(2); // bit_depth_luma_minus8, bit_depth_chroma_minus8
    w.ue(4); // log2_max_pic_order_cnt_lsb_minus4
    w.u(1, 1).ue(4).ue(2).ue(0); // sps_sub_layer_ordering_info_present_flag and its set
    w.ue(0).ue(3).ue(0).ue(3).ue(0).ue(0); // block sizes: CTB 64, TB 4..32, hierarchy depths
    w.u(1, 0); // scaling_list_enabled_flag
    w.u(1, 0).u(1, 1); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
    w.u(1, 0); // pcm_enabled_flag
    w.ue(2); // num_short_term_ref_pic_sets
    w.ue(1).ue(0).ue(0).u(1, 1); // set 0: one negative picture, delta 1, used
    w.u(1, 1).u(1, 0).ue(0); // set 1: inter_ref_pic_set_prediction_flag, delta_rps_sign, abs_delta_rps_minus1
    w.u(1, 1).u(1, 0).u(1, 1); // j=0 used; j=1 not used, use_delta_flag
    w.u(1, 0); // long_term_ref_pics_present_flag
    w.u(1, 1).u(1, 1); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    w.u(1, 1); // vui_parameters_present_flag
    w.u(1, 1).u(8, 1); // aspect_ratio_info_present_flag, aspect_ratio_idc 1 (square)
    w.u(1, 0); // overscan_info_present_flag
    w.u(1, 1).u(3, 5).u(1, 0).u(1, 1).u(8, 9).u(8, 16).u(8, 9); // video signal type, colour description
    w.u(1, 0).u(1, 0).u(1, 0).u(1, 0); // chroma_loc_info, neutral_chroma, field_seq, frame_field_info
    w.u(1, 0); // default_display_window_flag
    w.u(1, 1).u(32, 1001).u(32, 60000).u(1, 0).u(1, 0); // timing: 60000/1001, no POC proportional, no HRD
    w.u(1, 0); // bitstream_restriction_flag
    w.u(1, 0); // sps_extension_present_flag
    return BitWriter.nal(bytes(0x42, 0x01), w.trailing().toByteArray());
  }

  /** The SEI payload of a mastering display colour volume (D.2.28) followed by content light level (D.2.35). */
  static byte[] hdrSeiPayloads() {
    BitWriter w = new BitWriter();
    w.u(8, 137).u(8, 24);
    for (int c : MASTERING_GBR_WHITE) w.u(16, c);
    w.u(32, MASTERING_MAX).u(32, MASTERING_MIN);
    w.u(8, 144).u(8, 4).u(16, 1000).u(16, 400);
    return w.trailing().toByteArray();
  }

  /** An H.265 prefix SEI NAL unit with {@link #hdrSeiPayloads()}. */
  static byte[] hevcHdrSei() {
    return BitWriter.nal(bytes(0x4E, 0x01), hdrSeiPayloads());
  }

  /** {@code hvcC} (ISO/IEC 14496-15 8.3.3.1) with the VPS, SPS and SEI arrays. */
  static byte[] hvcC() {
    BitWriter w = new BitWriter();
    w.u(8, 1);
    hevcMain10Level51(w);
    w.u(4, 0xF).u(12, 0); // min_spatial_segmentation_idc
    w.u(6, 0x3F).u(2, 0); // parallelismType
    w.u(6, 0x3F).u(2, 1); // chromaFormat
    w.u(5, 0x1F).u(3, 2).u(5, 0x1F).u(3, 2); // bit depths minus 8
    w.u(16, 0).u(2, 0).u(3, 1).u(1, 1).u(2, 3); // avgFrameRate, constantFrameRate, layers, nested, lengthSizeMinusOne
    byte[][] units = {hevcVps(), hevcSps(), hevcHdrSei()};
    int[] types = {32, 33, 39};
    w.u(8, units.length);
    for (int i = 0; i < units.length; i++) {
      w.u(1, 1).u(1, 0).u(6, types[i]).u(16, 1).u(16, units[i].length).bytes(units[i]);
    }
    return w.toByteArray();
  }

  /** A Dolby Vision configuration record: version 1.0, profile 8, level 6, RPU and BL, compatibility 1 (HDR10). */
  static byte[] dvcC() {
    BitWriter w = new BitWriter();
    w.u(8, 1).u(8, 0).u(7, 8).u(6, 6).u(1, 1).u(1, 0).u(1, 1).u(4, 1).u(28, 0);
    w.u(32, 0).u(32, 0).u(32, 0).u(32, 0);
    return w.toByteArray();
  }

  /**
   * An AV1 sequence header OBU (5.5): Main profile, level 4.0 ({@code seq_level_idx} 8), main
   * tier, 3840x2160, 10 bits, colour description BT.2020 / PQ / BT.2020 non-constant, limited
   * range, 4:2:0 with unknown chroma sample position; timing info 24000/1001 with equal picture
   * intervals.
   */
  static byte[] av1SequenceHeaderObu() {
    BitWriter w = new BitWriter();
    w.u(3, 0).u(1, 0).u(1, 0); // seq_profile, still_picture, reduced_still_picture_header
    w.u(1, 1).u(32, 1001).u(32, 24000).u(1, 1).ue(0); // timing_info: equal_picture_interval, uvlc 0 (one tick)
    w.u(1, 0); // decoder_model_info_present_flag
    w.u(1, 0); // initial_display_delay_present_flag
    w.u(5, 0).u(12, 0).u(5, 8).u(1, 0); // one operating point: idc 0, level 8, tier 0 (level > 7)
    w.u(4, 11).u(4, 11).u(12, 3839).u(12, 2159); // frame_width_bits_minus_1, heights, max sizes
    w.u(1, 0); // frame_id_numbers_present_flag
    w.u(1, 1).u(1, 1).u(1, 1); // 128x128 superblocks, filter intra, intra edge filter
    w.u(1, 1).u(1, 1).u(1, 1).u(1, 1).u(1, 1); // interintra, masked, warped, dual filter, order hint
    w.u(1, 1).u(1, 1); // jnt_comp, ref_frame_mvs
    w.u(1, 1); // seq_choose_screen_content_tools (2: select)
    w.u(1, 1); // seq_choose_integer_mv
    w.u(3, 6); // order_hint_bits_minus_1
    w.u(1, 0).u(1, 1).u(1, 1); // superres, cdef, restoration
    w.u(1, 1); // color_config: high_bitdepth
    w.u(1, 0); // mono_chrome
    w.u(1, 1).u(8, 9).u(8, 16).u(8, 9); // color_description_present_flag and its code points
    w.u(1, 0); // color_range
    w.u(2, 0); // chroma_sample_position
    w.u(1, 0); // separate_uv_delta_q
    w.u(1, 0); // film_grain_params_present
    byte[] payload = w.trailing().toByteArray();
    BitWriter obu = new BitWriter();
    obu.u(1, 0).u(4, 1).u(1, 0).u(1, 1).u(1, 0).leb128(payload.length).bytes(payload);
    return obu.toByteArray();
  }

  /** {@code av1C} (AV1 ISO BMFF binding 2.3) for {@link #av1SequenceHeaderObu()}. */
  static byte[] av1C() {
    BitWriter w = new BitWriter();
    w.u(1, 1).u(7, 1).u(3, 0).u(5, 8).u(1, 0).u(1, 1).u(1, 0).u(1, 0).u(1, 1).u(1, 1).u(2, 0).u(8, 0);
    return cat(w.toByteArray(), av1SequenceHeaderObu());
  }

  /** {@code vpcC} version 1: profile 2, level 5.1, 10 bits, 4:2:0 colocated, BT.2020 / PQ / BT.2020 NCL, limited. */
  static byte[] vpcCHdr() {
    return cat(u32(0x01000000), bytes(2, 51, 10 << 4 | 1 << 1, 9, 16, 9, 0, 0));
  }

  /** {@code mdcv} (the SEI message's 24 bytes) and {@code clli}. */
  static byte[] mdcvAndClli() {
    BitWriter w = new BitWriter();
    for (int c : MASTERING_GBR_WHITE) w.u(16, c);
    w.u(32, MASTERING_MAX).u(32, MASTERING_MIN);
    return cat(box("mdcv", w.toByteArray()), box("clli", bytes(0x03, 0xE8, 0x01, 0x90)));
  }

  /** A visual sample entry of type {@code type} and size {@code width}x{@code height} holding {@code children}. */
  static byte[] visualEntry(String type, int width, int height, byte[]... children) {
    byte[] fields = new byte[78];
    fields[24] = (byte) (width >>> 8);
    fields[25] = (byte) width;
    fields[26] = (byte) (height >>> 8);
    fields[27] = (byte) height;
    return box(type, cat(fields), cat(children));
  }

  /** An ftyp and a moov with one video track of {@code entry}, with media header timescale 24000 and no samples. */
  static byte[] mp4(byte[] entry) {
    ByteArrayOutputStream mvhd = new ByteArrayOutputStream();
    mvhd.writeBytes(u32(0));
    mvhd.writeBytes(new byte[8]);
    mvhd.writeBytes(u32(1000));
    mvhd.writeBytes(u32(0));
    mvhd.writeBytes(new byte[80]);
    byte[] hdlr = cat(u32(0), u32(0), SniffFixtures.ascii("vide"), new byte[12], bytes(0));
    byte[] mdhd = cat(u32(0), new byte[8], u32(24000), u32(0), new byte[4]);
    byte[] stbl = box("stbl", box("stsd", u32(0), u32(1), entry), box("stts", u32(0), u32(0)),
        box("stsc", u32(0), u32(0)), box("stsz", u32(0), u32(0), u32(0)), box("stco", u32(0), u32(0)));
    byte[] minf = box("minf", box("vmhd", u32(1), new byte[8]),
        box("dinf", box("dref", u32(0), u32(1), box("url ", u32(1)))), stbl);
    byte[] tkhd = cat(u32(3), new byte[8], u32(1), new byte[4], u32(0), new byte[52], u32(3840 << 16), u32(2160 << 16));
    byte[] trak = box("trak", box("tkhd", tkhd), box("mdia", box("mdhd", mdhd), box("hdlr", hdlr), minf));
    return cat(SniffFixtures.ftyp("isom", "isom", "iso2", "mp41"), box("moov", box("mvhd", mvhd.toByteArray()), trak));
  }
}
