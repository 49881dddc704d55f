package dev.barbiton.file.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.file.media.codec.CodecStrings;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Codec strings as the specifications build them, and the one form every path reports. */
class CodecStringsTest {

  @Test
  void avc_profileConstraintsLevelInUpperCaseHex() {
    // RFC 6381 3.3: avc1.PPCCLL; High (100), no constraint flags, level 3.1 (31 = 0x1F).
    assertEquals("avc1.64001F", CodecStrings.avc("avc1", new CodecConfig.Avc(100, 0, 31)));
    // Constrained baseline: constraint_set0_flag and constraint_set1_flag (0xC0), level 2.0.
    assertEquals("avc3.42C014", CodecStrings.avc("avc3", new CodecConfig.Avc(66, 0xC0, 20)));
  }

  @Test
  void hevc_asIso14496_15AnnexE() {
    // Main 10, compatibility flag 2 (reversed: 0x4), main tier level 5.1 (153), constraint byte 0xB0.
    CodecConfig.Hevc main10 = new CodecConfig.Hevc(0, false, 2, 0x20000000L, 0xB00000000000L, 153);
    assertEquals("hvc1.2.4.L153.B0", CodecStrings.hevc("hvc1", main10));
    // Main, flags 1 and 2 (0x60000000 reversed: 0x6), level 2.0 (60), constraint 0x90: the committed x265 fixture.
    assertEquals("hev1.1.6.L60.90", CodecStrings.hevc("hev1", new CodecConfig.Hevc(0, false, 1, 0x60000000L, 0x900000000000L, 60)));
    // Profile space 1 is the letter A; high tier; constraint bytes kept up to the last non-zero one.
    assertEquals("hvc1.A4.80000000.H120.B0.00.01",
        CodecStrings.hevc("hvc1", new CodecConfig.Hevc(1, true, 4, 0x1L, 0xB00001000000L, 120)));
  }

  @Test
  void av1_shortFormForDefaults_longFormWhenTheStreamStatesOtherColours() {
    CodecConfig.Av1 main10 = new CodecConfig.Av1(0, 8, false, 10, false, 1, 1, 0);
    ColourInfo hdr10 = new ColourInfo(9, 16, 9, false);
    // The AV1 ISO BMFF binding's own example of an HDR10 stream.
    assertEquals("av01.0.08M.10.0.110.09.16.09.0", CodecStrings.av1(main10, Optional.of(hdr10)));
    assertEquals("av01.0.08M.10", CodecStrings.av1(main10, Optional.of(new ColourInfo(1, 1, 1, false))));
    assertEquals("av01.0.08M.10", CodecStrings.av1(main10, Optional.of(new ColourInfo(2, 2, 2, false))));
    assertEquals("av01.0.04M.08.0.110.02.02.02.1",
        CodecStrings.av1(new CodecConfig.Av1(0, 4, false, 8, false, 1, 1, 0), Optional.of(new ColourInfo(2, 2, 2, true))));
    assertEquals("av01.2.19H.12.1.112.01.13.00.1",
        CodecStrings.av1(new CodecConfig.Av1(2, 19, true, 12, true, 1, 1, 2), Optional.of(new ColourInfo(1, 13, 0, true))));
  }

  @Test
  void vp9_shortFormForDefaults_longFormOtherwise() {
    assertEquals("vp09.00.41.08", CodecStrings.vp9(new CodecConfig.Vp9(0, 41, 8, 1), Optional.empty()));
    assertEquals("vp09.02.51.10.01.09.16.09.00",
        CodecStrings.vp9(new CodecConfig.Vp9(2, 51, 10, 1), Optional.of(new ColourInfo(9, 16, 9, false))));
    assertEquals("vp09.01.20.08.03.02.02.02.00", CodecStrings.vp9(new CodecConfig.Vp9(1, 20, 8, 3), Optional.empty()));
  }

  @Test
  void mp4a_objectTypeIndicationInHexAudioObjectTypeInDecimal() {
    assertEquals("mp4a.40.2", CodecStrings.mp4a(0x40, 2));
    assertEquals("mp4a.40.29", CodecStrings.mp4a(0x40, 29));
    assertEquals("mp4a.6B", CodecStrings.mp4a(0x6B, 0));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "avc1.64001f, avc1.64001F",
      "AVC1.4d401E, avc1.4D401E",
      "avc3.42c01e, avc3.42C01E",
      "hvc1.2.4.L153.B0, hvc1.2.4.L153.B0",
      "hvc1.2.4.l153.b0.00.00, hvc1.2.4.L153.B0",
      "hev1.1.06.L93.90, hev1.1.6.L93.90",
      "HVC1.a4.80000000.h120.b0, hvc1.A4.80000000.H120.B0",
      "av01.0.08m.10, av01.0.08M.10",
      "av01.0.08M.10.0.110.01.01.01.0, av01.0.08M.10",
      "av01.0.08M.10.0.110.09.16.09.0, av01.0.08M.10.0.110.09.16.09.0",
      "vp09.00.41.08.01.01.01.01.00, vp09.00.41.08",
      "vp09.02.10.10.01.09.16.09.01, vp09.02.10.10.01.09.16.09.01",
      "mp4a.40.02, mp4a.40.2",
      "mp4a.6b, mp4a.6B",
      "Opus, opus",
      "fLaC, flac",
      "dvh1.8.6, dvh1.08.06",
      "vp9, vp9",
      "theora, theora",
      "avc1.6400, avc1.6400",
      "avc1.zzzzzz, avc1.zzzzzz",
      "hvc1.x.y.z, hvc1.x.y.z",
      "ac-3, ac-3",
      "wvtt, wvtt"})
  void canonical_oneFormWhicheverWayFound(String given, String canonical) {
    assertEquals(canonical, MediaSniffer.canonicalCodec(given));
    assertEquals(canonical, MediaSniffer.canonicalCodec(canonical), "canonical twice is canonical once");
  }

  @Test
  void contentTypeCodecs_comeInTheCanonicalForm() {
    MediaInfo info = MediaSniffer.fromContentType("video/mp4; codecs=\"AVC1.64001f, mp4a.40.02, Opus\"").orElseThrow();
    assertEquals(java.util.List.of("avc1.64001F", "mp4a.40.2", "opus"), info.codecs());
  }
}
