package dev.barbiton.file.media;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The codec corpus: small files made in this process by FFmpeg's libraries through the {@link
 * Transcoder}, one per codec and container pair the track details are tested on, each with the
 * codec strings built by hand for it. H.265 is the committed x265 fixture (this build has no
 * H.265 encoder); 10-bit and HDR H.265 are built by hand ({@link HandBuilt}).
 */
enum CodecCorpus {
  H264_BASELINE_MOOV_AT_END("h264-baseline-160x120.mp4", "avc1.42C014", "mp4a.40.2"),
  H264_MAIN_FASTSTART("h264-main-640x360.mp4", "avc1.4D4C1E", "mp4a.40.2"),
  H264_HIGH_FRAGMENTED("h264-high-1280x720-frag.mp4", "avc1.640C1F", "mp4a.40.2"),
  H264_HIGH_TS("h264-high-640x360.ts", "avc1.640C1E", "mp4a.40.2"),
  H264_RAW("h264-high-640x360.h264", "avc1.640C1E"),
  H264_AAC_MKV("h264-baseline-aac.mkv", "avc1.42C014", "mp4a.40.2"),
  HEVC_MP4("hevc", "hvc1.1.6.L60.90", "mp4a.40.2"),
  AV1_8BIT_MP4("av1-8bit.mp4", "av01.0.00M.08", "opus"),
  AV1_10BIT_HDR_MP4("av1-10bit-hdr.mp4", "av01.0.00M.10.0.110.09.16.09.0", "opus"),
  AV1_10BIT_MKV("av1-10bit.mkv", "av01.0.00M.10", "opus"),
  VP9_OPUS_WEBM("vp9-opus.webm", "vp09.00.10.08", "opus"),
  VP9_OPUS_MP4("vp9-opus.mp4", "vp09.00.10.08", "opus"),
  VP9_HDR_TAGGED_WEBM("vp9-hdr-tagged.webm", "vp09.00.10.08.01.09.16.09.00", "opus"),
  FLAC_MP4("flac.mp4", "flac"),
  FLAC_MKV("flac.mkv", "flac"),
  AAC_TS("aac.ts", "mp4a.40.2");

  /*
   * The codec strings, by hand from the specifications and what each encoder writes:
   * - libopenh264 at 160x120/15 fps with profile constrained_baseline writes profile_idc 66,
   *   constraint_set0+1 (0xC0) and level 2.0 (20 = 0x14): avc1.42C014. At 640x360/25 fps,
   *   profile main: 77 (0x4D), constraint_set1, set4 and set5 (0x4C), level 3.0 (0x1E). At
   *   1280x720/30 fps, profile high: 100 (0x64), set4 and set5 (0x0C), level 3.1 (0x1F); at
   *   640x360 high, level 3.0.
   * - x265's fixture (320x240): Main (1), compatibility flags 1 and 2 (0x60000000, reversed 0x6),
   *   main tier level 2.0 (60), constraint byte 0x90 (progressive, frame-only).
   * - libaom/SVT-AV1 at 160x120: seq_profile 0, seq_level_idx 0 (level 2.0), main tier; 8 or 10
   *   bits; the HDR file states BT.2020 / PQ / BT.2020 NCL, limited range, 4:2:0, unknown chroma
   *   position: the long form .0.110.09.16.09.0.
   * - libvpx-vp9 at 160x120/15 fps: profile 0, level 1.0 (10: 19,200 luma samples, 288,000 per
   *   second), 8 bits, 4:2:0 colocated, no colour: vp09.00.10.08.
   *   Tagged BT.2020 / PQ / BT.2020 NCL (Matroska's Colour element; the frame header's colour
   *   space names the matrix), limited range: the long form .01.09.16.09.00.
   * - The aac encoder writes AAC-LC (audio object type 2): mp4a.40.2.
   */

  private final String file;
  private final String[] codecs;

  CodecCorpus(String file, String... codecs) {
    this.file = file;
    this.codecs = codecs;
  }

  /** The codec strings built by hand for the file, in track order. */
  java.util.List<String> codecs() {
    return java.util.List.of(codecs);
  }

  /** The file, made once in {@link TestMedia#dir()} (the H.265 fixture: from the test resources). */
  Path path() {
    if (this == HEVC_MP4) return Path.of("src", "test", "resources", "dev", "barbiton", "file", "avio", "hevc-320x240-2s.mp4");
    return TestMedia.cached("codec-" + file, this::make);
  }

  byte[] bytes() {
    try {
      return Files.readAllBytes(path());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GeneratedSource source(int width, int height, int fps, int sampleRate) {
    return new GeneratedSource(Optional.of("testsrc2=size=" + width + "x" + height + ":rate=" + fps),
        Optional.of("sine=frequency=440:sample_rate=" + sampleRate), Duration.ofSeconds(2));
  }

  private static VideoSettings openh264(String profile, int gop) {
    return VideoSettings.encode("libopenh264").option("profile", profile).gop(gop);
  }

  private static VideoSettings aom() {
    return VideoSettings.encode("libaom-av1").option("cpu-used", "8").option("usage", "realtime").gop(15);
  }

  private static VideoSettings vp9() {
    return VideoSettings.encode("libvpx-vp9").option("deadline", "realtime").option("cpu-used", "8").gop(15);
  }

  private void make(Path out) throws IOException {
    AudioSettings aac = AudioSettings.encode("aac").bitrate(32_000);
    AudioSettings opus = AudioSettings.encode("libopus");
    GeneratedSource small = source(160, 120, 15, 44_100);
    GeneratedSource sd = source(640, 360, 25, 48_000);
    Transcoder.Builder b;
    switch (this) {
      case H264_BASELINE_MOOV_AT_END -> b = Transcoder.from(small).video(openh264("constrained_baseline", 15)).audio(aac).format("mp4");
      case H264_MAIN_FASTSTART -> b = Transcoder.from(sd).video(openh264("main", 25)).audio(aac).format("mp4")
          .formatOption("movflags", "+faststart");
      case H264_HIGH_FRAGMENTED -> b = Transcoder.from(source(1280, 720, 30, 48_000)).video(openh264("high", 30)).audio(aac)
          .format("mp4").formatOption("movflags", "frag_keyframe+empty_moov");
      case H264_HIGH_TS -> b = Transcoder.from(sd).video(openh264("high", 25)).audio(aac).format("mpegts");
      case H264_RAW -> b = Transcoder.from(sd.withoutAudio()).video(openh264("high", 25)).audio(AudioSettings.none()).format("h264");
      case H264_AAC_MKV -> b = Transcoder.from(small).video(openh264("constrained_baseline", 15)).audio(aac).format("matroska");
      case AV1_8BIT_MP4 -> b = Transcoder.from(small).video(aom()).audio(opus).format("mp4");
      case AV1_10BIT_HDR_MP4 -> b = Transcoder.from(small).video(aom().pixelFormat("yuv420p10le")
          .option("color_primaries", "bt2020").option("color_trc", "smpte2084").option("colorspace", "bt2020nc"))
          .audio(opus).format("mp4");
      case AV1_10BIT_MKV -> b = Transcoder.from(small).video(VideoSettings.encode("libsvtav1").preset("12")
          .pixelFormat("yuv420p10le").gop(15)).audio(opus).format("matroska");
      case VP9_OPUS_WEBM -> b = Transcoder.from(small).video(vp9()).audio(opus).format("webm");
      case VP9_OPUS_MP4 -> b = Transcoder.from(small).video(vp9()).audio(opus).format("mp4");
      case VP9_HDR_TAGGED_WEBM -> b = Transcoder.from(small).video(vp9().option("color_primaries", "bt2020")
          .option("color_trc", "smpte2084").option("colorspace", "bt2020nc")).audio(opus).format("webm");
      case FLAC_MP4 -> b = Transcoder.from(small.withoutVideo()).video(VideoSettings.none()).audio(AudioSettings.encode("flac")).format("mp4");
      case FLAC_MKV -> b = Transcoder.from(small.withoutVideo()).video(VideoSettings.none()).audio(AudioSettings.encode("flac"))
          .format("matroska");
      case AAC_TS -> b = Transcoder.from(small.withoutVideo()).video(VideoSettings.none()).audio(aac).format("mpegts");
      default -> throw new AssertionError(this);
    }
    try {
      b.build().run(OutputSink.of(out));
    } catch (dev.barbiton.file.transcode.TranscodeException e) {
      throw new IOException(e);
    }
  }
}
