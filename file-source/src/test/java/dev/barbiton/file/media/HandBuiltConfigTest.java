package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.box;
import static dev.barbiton.file.media.SniffFixtures.bytes;
import static dev.barbiton.file.media.SniffFixtures.cat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.avio.StreamInfo;
import dev.barbiton.file.media.VideoFormat.ChromaFormat;
import dev.barbiton.file.media.VideoFormat.DynamicRange;
import dev.barbiton.file.media.codec.Av1SequenceHeader;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.HevcParameterSets;
import dev.barbiton.file.media.codec.VideoFacts;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.junit.jupiter.api.Test;

/**
 * Decoder configurations that the LGPL FFmpeg build cannot encode — 10-bit HDR H.265 with its
 * SEI messages, Dolby Vision, 10-bit HDR AV1 with timing info, HDR VP9 — built by hand from the
 * specifications ({@link HandBuilt}), each value and codec string checked against what the
 * builder wrote; where FFmpeg can read the bytes (the H.265 record), against FFmpeg too.
 */
class HandBuiltConfigTest {

  private static TrackDetails onlyTrack(byte[] file) {
    MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(file));
    assertEquals(1, info.tracks().size(), () -> info.toString());
    return info.tracks().get(0);
  }

  @Test
  void hevcMain10Hdr10_valuesFromHvcCSpsAndSei() {
    TrackDetails t = onlyTrack(HandBuilt.mp4(HandBuilt.visualEntry("hvc1", 3840, 2160, box("hvcC", HandBuilt.hvcC()))));
    assertEquals("hvc1.2.4.L153.B0", t.codec(), "Main 10, flag 2, L153, progressive/non-packed/frame-only");
    assertEquals(Optional.of(new CodecConfig.Hevc(0, false, 2, 0x20000000L, 0xB00000000000L, 153)), t.config());
    VideoFormat v = t.video().orElseThrow();
    assertEquals(3840, v.width());
    assertEquals(2160, v.height(), "the conformance window crops 16 rows");
    assertEquals(OptionalInt.of(2176), v.codedHeight());
    assertEquals(OptionalInt.of(10), v.bitDepth());
    assertEquals(OptionalInt.of(10), v.chromaBitDepth());
    assertEquals(Optional.of(ChromaFormat.YUV420), v.chroma());
    assertEquals(Optional.of(new ColourInfo(9, 16, 9, false)), v.colour());
    assertEquals(DynamicRange.HDR10, v.dynamicRange());
    int[] c = HandBuilt.MASTERING_GBR_WHITE;
    assertEquals(Optional.of(new MasteringDisplay(c[4], c[5], c[0], c[1], c[2], c[3], c[6], c[7], 10_000_000, 50)),
        v.masteringDisplay(), "red, green, blue from the SEI's green, blue, red");
    assertEquals(Optional.of(new ContentLightLevel(1000, 400)), v.contentLightLevel());
    // No stts in the hand-built moov: the VUI's timing gives the rate.
    assertEquals(60000 / 1001.0, t.frameRate().getAsDouble(), 1e-9);
  }

  @Test
  void hevcMain10Hdr10_ffmpegReadsTheSameFromTheHandBuiltRecord() throws Exception {
    byte[] file = HandBuilt.mp4(HandBuilt.visualEntry("hvc1", 3840, 2160, box("hvcC", HandBuilt.hvcC())));
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(file))) {
      StreamInfo s = demuxer.streams().get(0);
      AVCodecParameters par = demuxer.formatContext().streams(0).codecpar();
      assertEquals("hevc", s.codecName());
      assertEquals(List.of(3840, 2160), List.of(s.width(), s.height()));
      assertEquals("yuv420p10le", s.pixelFormat(), "10 bits, 4:2:0: FFmpeg's decoder parsed our SPS");
      assertEquals(2, par.profile());
      assertEquals(153, par.level());
      assertEquals(List.of(9, 16, 9), List.of(par.color_primaries(), par.color_trc(), par.color_space()));
      assertEquals(1, par.color_range(), "AVCOL_RANGE_MPEG: limited");
    }
  }

  @Test
  void dolbyVisionProfile8_onTheHevcTrack() {
    byte[] entry = HandBuilt.visualEntry("hvc1", 3840, 2160, box("hvcC", HandBuilt.hvcC()), box("dvcC", HandBuilt.dvcC()));
    TrackDetails t = onlyTrack(HandBuilt.mp4(entry));
    assertEquals("hvc1.2.4.L153.B0", t.codec(), "the base layer's codec: profile 8 is backward compatible");
    DolbyVision dv = t.video().orElseThrow().dolbyVision().orElseThrow();
    assertEquals(new DolbyVision(1, 0, 8, 6, true, false, true, 1, "dvh1.08.06"), dv);
    assertEquals(DynamicRange.DOLBY_VISION, t.video().get().dynamicRange());
    // A Dolby Vision sample entry (profile 5, no compatible base layer) is named by its own type.
    TrackDetails dvh1 = onlyTrack(HandBuilt.mp4(HandBuilt.visualEntry("dvh1", 3840, 2160, box("hvcC", HandBuilt.hvcC()),
        box("dvcC", HandBuilt.dvcC()))));
    assertEquals("dvh1.08.06", dvh1.codec());
  }

  @Test
  void av1Main10Hdr10_theBindingsExampleString() {
    TrackDetails t = onlyTrack(HandBuilt.mp4(HandBuilt.visualEntry("av01", 3840, 2160, box("av1C", HandBuilt.av1C()))));
    assertEquals("av01.0.08M.10.0.110.09.16.09.0", t.codec());
    assertEquals(Optional.of(new CodecConfig.Av1(0, 8, false, 10, false, 1, 1, 0)), t.config());
    VideoFormat v = t.video().orElseThrow();
    assertEquals(List.of(3840, 2160), List.of(v.width(), v.height()));
    assertEquals(OptionalInt.of(10), v.bitDepth());
    assertEquals(Optional.of(new ColourInfo(9, 16, 9, false)), v.colour());
    assertEquals(24000 / 1001.0, t.frameRate().getAsDouble(), 1e-9, "timing_info: time_scale / num_units_in_display_tick");
  }

  @Test
  void vp9Profile2Hdr_fromVpcC_andMdcvClliBoxes() {
    byte[] entry = HandBuilt.visualEntry("vp09", 1920, 1080, box("vpcC", HandBuilt.vpcCHdr()), HandBuilt.mdcvAndClli());
    TrackDetails t = onlyTrack(HandBuilt.mp4(entry));
    assertEquals("vp09.02.51.10.01.09.16.09.00", t.codec());
    VideoFormat v = t.video().orElseThrow();
    assertEquals(List.of(1920, 1080), List.of(v.width(), v.height()), "the sample entry's size: vpcC states none");
    assertEquals(OptionalInt.of(10), v.bitDepth());
    int[] c = HandBuilt.MASTERING_GBR_WHITE;
    assertEquals(Optional.of(new MasteringDisplay(c[4], c[5], c[0], c[1], c[2], c[3], c[6], c[7], 10_000_000, 50)),
        v.masteringDisplay());
    assertEquals(Optional.of(new ContentLightLevel(1000, 400)), v.contentLightLevel());
    assertEquals(DynamicRange.HDR10, v.dynamicRange());
  }

  @Test
  void vp9SmDmAndCoLL_fixedPointToTheSeiUnits() {
    // SmDm (version 0): R, G, B, white in 0.16 fixed point, max luminance 24.8, min 18.14.
    BitWriter w = new BitWriter().u(32, 0);
    int[] rgbw = {44564, 20972, 17367, 45220, 9830, 3932, 20493, 21561}; // 0.68, 0.32, 0.265, 0.69, 0.15, 0.06, 0.3127, 0.329
    for (int c : rgbw) w.u(16, c);
    w.u(32, 1000L << 8).u(32, Math.round(0.005 * 16384));
    byte[] smdm = box("SmDm", w.toByteArray());
    byte[] coll = box("CoLL", SniffFixtures.u32(0), bytes(0x03, 0xE8, 0x01, 0x90));
    TrackDetails t = onlyTrack(HandBuilt.mp4(HandBuilt.visualEntry("vp09", 1920, 1080, box("vpcC", HandBuilt.vpcCHdr()), smdm, coll)));
    MasteringDisplay m = t.video().orElseThrow().masteringDisplay().orElseThrow();
    assertEquals(List.of(34000, 16000, 13250, 34500, 7500, 3000, 15635, 16450),
        List.of(m.redX(), m.redY(), m.greenX(), m.greenY(), m.blueX(), m.blueY(), m.whiteX(), m.whiteY()));
    assertEquals(10_000_000, m.maxLuminance());
    assertEquals(50, m.minLuminance());
    assertEquals(Optional.of(new ContentLightLevel(1000, 400)), t.video().get().contentLightLevel());
  }

  @Test
  void colrBox_givesTheColourWhenTheStreamStatesNone_andHlgIsTold() {
    // nclx: BT.2020, HLG (18), BT.2020 NCL, full range.
    byte[] colr = box("colr", SniffFixtures.ascii("nclx"), bytes(0, 9, 0, 18, 0, 9, 0x80));
    byte[] avcC = box("avcC", bytes(1, 0x64, 0, 0x28, 0xFF, 0xE0, 0));
    TrackDetails t = onlyTrack(HandBuilt.mp4(HandBuilt.visualEntry("avc1", 1920, 1080, avcC, colr)));
    assertEquals("avc1.640028", t.codec());
    assertEquals(Optional.of(new ColourInfo(9, 18, 9, true)), t.video().orElseThrow().colour());
    assertEquals(DynamicRange.HLG, t.video().get().dynamicRange());
  }

  @Test
  void h265AnnexB_rawStream_fromItsFirstParameterSets() {
    byte[] start = bytes(0, 0, 0, 1);
    byte[] stream = cat(start, HandBuilt.hevcVps(), start, HandBuilt.hevcSps(), start, HandBuilt.hevcHdrSei(), start,
        bytes(0x26, 0x01, 0xAF, 0x00)); // an IDR slice's first bytes
    MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(stream));
    assertEquals(MediaInfo.Container.HEVC, info.container());
    TrackDetails t = info.tracks().get(0);
    assertEquals("hvc1.2.4.L153.B0", t.codec());
    assertEquals(Optional.of(new ContentLightLevel(1000, 400)), t.video().orElseThrow().contentLightLevel());
    assertEquals(60000 / 1001.0, t.frameRate().getAsDouble(), 1e-9);
  }

  @Test
  void everyPrefixOfEachRecord_failsOnlyWithOurException() {
    for (byte[] record : List.of(HandBuilt.hvcC(), HandBuilt.av1C())) {
      for (int n = 0; n < record.length; n++) {
        byte[] prefix = Arrays.copyOf(record, n);
        try {
          if (record.length == HandBuilt.hvcC().length) {
            HevcParameterSets.readConfigurationRecord(prefix, 0, n, new VideoFacts());
          } else {
            Av1SequenceHeader.readConfigurationRecord(prefix, 0, n, new VideoFacts());
          }
        } catch (BitstreamException expected) {
          assertFalse(expected.getMessage().isEmpty());
        }
      }
    }
    assertTrue(HandBuilt.hvcC().length > 100, "the record holds the parameter sets");
  }
}
