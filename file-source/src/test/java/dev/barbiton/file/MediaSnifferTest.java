package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.MediaInfo.Container;
import dev.barbiton.file.MediaInfo.Source;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sniffing hand-built headers of each format, Content-Type parsing, and their combination. */
class MediaSnifferTest {

  // ---- ISO BMFF ----

  @Test
  void ftyp_reportsMp4WithMajorAndCompatibleBrands() {
    MediaInfo info = sniff(ftyp("isom", "isom", "iso6", "dash", "avc1"));
    assertEquals(Container.MP4, info.container());
    assertEquals(Optional.of("isom"), info.brand());
    assertEquals(List.of("isom", "iso6", "dash", "avc1"), info.compatibleBrands());
    assertEquals(Optional.of("video/mp4"), info.mimeType());
    assertEquals(Source.SNIFFED, info.source());
  }

  @Test
  void ftypTruncatedToTwelveBytes_stillMp4WithMajorBrand() {
    MediaInfo info = sniff(Arrays.copyOf(ftyp("mp42", "mp42", "isom"), 12));
    assertEquals(Container.MP4, info.container());
    assertEquals(Optional.of("mp42"), info.brand());
    assertEquals(List.of(), info.compatibleBrands());
  }

  @Test
  void m4aAndQuickTimeBrands_giveTheirMimeTypes() {
    assertEquals(Optional.of("audio/mp4"), sniff(ftyp("M4A ", "M4A ", "mp42")).mimeType());
    assertEquals(Optional.of("M4A"), sniff(ftyp("M4A ", "M4A ")).brand());
    assertEquals(Optional.of("video/quicktime"), sniff(ftyp("qt  ", "qt  ")).mimeType());
  }

  @Test
  void fastStartMoov_reportsTrackCodecsWithProfiles() {
    byte[] file =
        cat(ftyp("isom", "isom", "avc1"), moov(avc1Entry(0x64, 0x00, 0x1F), mp4aEntry(2)));
    MediaInfo info = sniff(file);
    assertEquals(Container.MP4, info.container());
    assertEquals(List.of("avc1.64001f", "mp4a.40.2"), info.codecs());
    assertEquals(Optional.of("video/mp4; codecs=\"avc1.64001f, mp4a.40.2\""), info.contentType());
  }

  @Test
  void audioOnlyMoovWithoutBrand_isAudioMp4() {
    MediaInfo info = sniff(moov(mp4aEntry(5)));
    assertEquals(Container.MP4, info.container());
    assertEquals(List.of("mp4a.40.5"), info.codecs());
    assertEquals(Optional.of("audio/mp4"), info.mimeType());
  }

  @Test
  void segmentAndFragmentStarts_areMp4() {
    assertEquals(Container.MP4, sniff(cat(box("styp", ascii("msdh"), u32(0), ascii("msdh")),
        box("moof", box("mfhd", u32(0), u32(1))))).container());
    assertEquals(Optional.of("msdh"), sniff(box("styp", ascii("msdh"), u32(0))).brand());
    assertEquals(Container.MP4, sniff(box("moof", box("mfhd", u32(0), u32(1)))).container());
    assertEquals(Container.MP4, sniff(cat(box("free", new byte[4]), box("mdat"))).container());
    assertEquals(Container.MP4, sniff(box("mdat", new byte[40])).container());
  }

  // ---- Matroska / WebM ----

  @Test
  void ebmlWithWebmDocType_isWebmWithTrackCodecs() {
    MediaInfo info = sniff(matroska("webm", "V_VP9", "A_OPUS"));
    assertEquals(Container.WEBM, info.container());
    assertEquals(Optional.of("webm"), info.brand());
    assertEquals(Optional.of("video/webm"), info.mimeType());
    assertEquals(List.of("vp9", "opus"), info.codecs());
  }

  @Test
  void ebmlWithMatroskaDocType_isMatroska() {
    MediaInfo info = sniff(matroska("matroska", "V_MPEG4/ISO/AVC", "A_AAC"));
    assertEquals(Container.MATROSKA, info.container());
    assertEquals(Optional.of("matroska"), info.brand());
    assertEquals(Optional.of("video/x-matroska"), info.mimeType());
    assertEquals(List.of("avc1", "mp4a.40"), info.codecs());
  }

  @Test
  void audioOnlyWebm_isAudioWebm() {
    assertEquals(Optional.of("audio/webm"), sniff(matroska("webm", "A_VORBIS")).mimeType());
  }

  @Test
  void ebmlMagicOnly_isMatroskaWithoutDocType() {
    MediaInfo info = sniff(bytes(0x1A, 0x45, 0xDF, 0xA3));
    assertEquals(Container.MATROSKA, info.container());
    assertEquals(Optional.empty(), info.brand());
  }

  @Test
  void ebmlWithForeignDocType_isUnknown() {
    assertEquals(Container.UNKNOWN, sniff(ebmlHeader("matroskb")).container());
  }

  // ---- MPEG audio and ADTS ----

  @Test
  void mpegLayer3FrameSync_isMp3() {
    MediaInfo info = sniff(cat(MP3_FRAME_HEADER, new byte[100]));
    assertEquals(Container.MP3, info.container());
    assertEquals(List.of("mp3"), info.codecs());
    assertEquals(Optional.of("audio/mpeg"), info.mimeType());
  }

  @Test
  void twoConsecutiveMp3Frames_isMp3AndBrokenSecondFrame_isUnknown() {
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 / 44100 = 417 bytes.
    byte[] frame = Arrays.copyOf(MP3_FRAME_HEADER, 417);
    assertEquals(Container.MP3, sniff(cat(frame, frame)).container());
    assertEquals(Container.UNKNOWN, sniff(cat(frame, new byte[417])).container());
  }

  @Test
  void layer2Frame_isMpegAudioMp2() {
    MediaInfo info = sniff(cat(bytes(0xFF, 0xFD, 0x90, 0x04), new byte[20]));
    assertEquals(Container.MP3, info.container());
    assertEquals(List.of("mp2"), info.codecs());
  }

  @Test
  void id3ThenFrame_isMp3WithCodec() {
    byte[] tag = cat(ascii("ID3"), bytes(4, 0, 0, 0, 0, 0, 0x0A), new byte[10]);
    MediaInfo info = sniff(cat(tag, MP3_FRAME_HEADER, new byte[50]));
    assertEquals(Container.MP3, info.container());
    assertEquals(List.of("mp3"), info.codecs());
  }

  @Test
  void id3LargerThanWindow_isMp3WithoutCodecs() {
    // Synchsafe 0x00 0x00 0x40 0x00 = 8192 bytes of tag: the frame lies beyond SNIFF_BYTES.
    byte[] file = cat(ascii("ID3"), bytes(3, 0, 0, 0, 0, 0x40, 0), new byte[8192],
        MP3_FRAME_HEADER, new byte[100]);
    MediaInfo info = sniff(file);
    assertEquals(Container.MP3, info.container());
    assertEquals(List.of(), info.codecs());
  }

  @Test
  void adtsAacLc_givesMp4a402() {
    byte[] frame = adts(1, 4, 2, 20);
    MediaInfo info = sniff(cat(frame, frame));
    assertEquals(Container.AAC_ADTS, info.container());
    assertEquals(List.of("mp4a.40.2"), info.codecs());
    assertEquals(Optional.of("audio/aac"), info.mimeType());
  }

  @Test
  void adtsAfterId3_isAacNotMp3() {
    byte[] tag = cat(ascii("ID3"), bytes(4, 0, 0, 0, 0, 0, 0));
    assertEquals(Container.AAC_ADTS, sniff(cat(tag, adts(1, 3, 2, 7))).container());
  }

  // ---- FLAC, Ogg, WAV, MPEG-TS ----

  @Test
  void flacMagic_isFlac() {
    MediaInfo info = sniff(cat(ascii("fLaC"), bytes(0x80, 0, 0, 0x22), new byte[34]));
    assertEquals(Container.FLAC, info.container());
    assertEquals(List.of("flac"), info.codecs());
  }

  @Test
  void oggOpus_givesOpus() {
    byte[] opusHead = cat(ascii("OpusHead"), bytes(1, 2, 0x38, 1, 0x80, 0xBB, 0, 0, 0, 0, 0));
    MediaInfo info = sniff(oggPage(1, opusHead));
    assertEquals(Container.OGG, info.container());
    assertEquals(List.of("opus"), info.codecs());
    assertEquals(Optional.of("audio/ogg"), info.mimeType());
  }

  @Test
  void oggTheoraAndVorbis_listsBothAndIsVideo() {
    byte[] file = cat(oggPage(1, cat(bytes(0x80), ascii("theora"), new byte[34])),
        oggPage(2, cat(bytes(0x01), ascii("vorbis"), new byte[23])));
    MediaInfo info = sniff(file);
    assertEquals(List.of("theora", "vorbis"), info.codecs());
    assertEquals(Optional.of("video/ogg"), info.mimeType());
  }

  @Test
  void riffWave_isWav() {
    byte[] wav = cat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WAVEfmt "), bytes(16, 0, 0, 0));
    assertEquals(Container.WAV, sniff(wav).container());
    byte[] avi = cat(ascii("RIFF"), new byte[4], ascii("AVI "));
    assertEquals(Container.UNKNOWN, sniff(avi).container());
  }

  @Test
  void tsSyncBytesEvery188_isMpegTs() {
    byte[] ts = new byte[188 * 3];
    ts[0] = 0x47;
    ts[188] = 0x47;
    ts[376] = 0x47;
    assertEquals(Container.MPEG_TS, sniff(ts).container());
    assertEquals(Container.MPEG_TS, sniff(Arrays.copyOf(ts, 189)).container());
    assertEquals(Container.UNKNOWN, sniff(Arrays.copyOf(ts, 188)).container());
    ts[376] = 0;
    assertEquals(Container.UNKNOWN, sniff(ts).container());
  }

  @Test
  void emptyAndHtml_areUnknown() {
    assertEquals(MediaInfo.unknown(), sniff(new byte[0]));
    assertEquals(Container.UNKNOWN, sniff(ascii("<!DOCTYPE html><html>")).container());
  }

  // ---- Buffer handling ----

  @Test
  void sniff_readsFromPositionToLimitAndLeavesThemAlone() {
    byte[] header = ftyp("isom", "iso6");
    ByteBuffer buffer = ByteBuffer.allocate(header.length + 20);
    buffer.position(7);
    buffer.put(header);
    buffer.position(7).limit(7 + header.length);
    assertEquals(Container.MP4, MediaSniffer.sniff(buffer).container());
    assertTrue(MediaSniffer.looksLikeHtml(ByteBuffer.wrap(ascii("<html>"))));
    assertEquals(7, buffer.position());
    assertEquals(7 + header.length, buffer.limit());
    buffer.limit(7 + 11);
    assertEquals(Container.UNKNOWN, MediaSniffer.sniff(buffer).container());
  }

  @Test
  void directAndReadOnlyBuffers_work() {
    byte[] header = matroska("webm", "V_VP8");
    ByteBuffer direct = ByteBuffer.allocateDirect(header.length).put(header).flip();
    assertEquals(Container.WEBM, MediaSniffer.sniff(direct).container());
    assertEquals(Container.WEBM,
        MediaSniffer.sniff(ByteBuffer.wrap(header).asReadOnlyBuffer()).container());
  }

  // ---- Content-Type ----

  @Test
  void contentTypeWithQuotedCodecs_parsesTypeAndCodecList() {
    MediaInfo info = MediaSniffer.fromContentType(
        "Video/MP4; charset=binary; codecs=\"avc1.64001f, mp4a.40.2\"").orElseThrow();
    assertEquals(Container.MP4, info.container());
    assertEquals(Optional.of("video/mp4"), info.mimeType());
    assertEquals(List.of("avc1.64001f", "mp4a.40.2"), info.codecs());
    assertEquals(Source.CONTENT_TYPE, info.source());
  }

  @Test
  void contentTypeWithUnquotedCodecs_parsesCodec() {
    MediaInfo info = MediaSniffer.fromContentType("audio/webm;codecs=opus").orElseThrow();
    assertEquals(Container.WEBM, info.container());
    assertEquals(List.of("opus"), info.codecs());
  }

  @Test
  void aliases_normalizeToOneMimeType() {
    Map<String, String> expected = Map.of(
        "audio/x-m4a", "audio/mp4",
        "audio/mp3", "audio/mpeg",
        "audio/aacp", "audio/aac",
        "audio/x-flac", "audio/flac",
        "audio/x-wav", "audio/wav",
        "audio/wave", "audio/wav",
        "application/ogg", "application/ogg",
        "video/MP2T", "video/mp2t",
        "video/quicktime", "video/quicktime");
    expected.forEach((type, normalized) -> assertEquals(Optional.of(normalized),
        MediaSniffer.fromContentType(type).orElseThrow().mimeType(), type));
    assertEquals(Container.MATROSKA,
        MediaSniffer.fromContentType("video/x-matroska").orElseThrow().container());
    assertEquals(List.of("opus"),
        MediaSniffer.fromContentType("audio/opus").orElseThrow().codecs());
  }

  @Test
  void octetStreamHtmlEmptyAndUnknown_giveEmpty() {
    for (String type : List.of("application/octet-stream", "binary/octet-stream", "", "  ",
        "text/html; charset=UTF-8", "image/png", "video", "/", "video/mp4x", ";codecs=avc1")) {
      assertEquals(Optional.empty(), MediaSniffer.fromContentType(type), type);
    }
    assertThrows(NullPointerException.class, () -> MediaSniffer.fromContentType(null));
  }

  @Test
  void malformedParameters_areTolerated() {
    assertEquals(List.of("vp9"),
        MediaSniffer.fromContentType("video/webm; ; foo; codecs=\"vp9").orElseThrow().codecs());
    assertEquals(List.of(), MediaSniffer.fromContentType("video/webm; codecs=\"\"").orElseThrow()
        .codecs());
    assertEquals(List.of("a"), MediaSniffer.fromContentType("video/webm; codecs=\"a, ,\\\"\"")
        .orElseThrow().codecs());
  }

  // ---- combine ----

  @Test
  void headerSaysMpegButBytesAreMp4_givesMp4FromBytes() {
    Optional<MediaInfo> header = MediaSniffer.fromContentType("audio/mpeg");
    MediaInfo combined = MediaSniffer.combine(header, sniff(ftyp("isom", "isom")));
    assertEquals(Container.MP4, combined.container());
    assertEquals(Optional.of("video/mp4"), combined.mimeType());
    assertEquals(Source.SNIFFED, combined.source());
  }

  @Test
  void headerAndBytesAgree_mergeCodecsHeaderFirst() {
    Optional<MediaInfo> header =
        MediaSniffer.fromContentType("audio/mp4; codecs=\"mp4a.40.2, AVC1.64001F\"");
    byte[] file = cat(ftyp("isom", "isom"), moov(avc1Entry(0x64, 0, 0x1F), mp4aEntry(2),
        mp4aEntry(5)));
    MediaInfo combined = MediaSniffer.combine(header, sniff(file));
    assertEquals(Container.MP4, combined.container());
    assertEquals(Optional.of("audio/mp4"), combined.mimeType());
    assertEquals(List.of("mp4a.40.2", "AVC1.64001F", "mp4a.40.5"), combined.codecs());
    assertEquals(Optional.of("isom"), combined.brand());
    assertEquals(Source.BOTH, combined.source());
  }

  @Test
  void unknownBytes_keepHeader() {
    Optional<MediaInfo> header = MediaSniffer.fromContentType("audio/flac");
    MediaInfo combined = MediaSniffer.combine(header, sniff(new byte[3]));
    assertEquals(Container.FLAC, combined.container());
    assertEquals(Source.CONTENT_TYPE, combined.source());
  }

  @Test
  void noHeader_givesSniffed() {
    MediaInfo sniffed = sniff(matroska("webm", "V_VP9"));
    assertEquals(sniffed, MediaSniffer.combine(Optional.empty(), sniffed));
  }

  @Test
  void webmHeaderWithTruncatedEbml_isWebm() {
    MediaInfo combined = MediaSniffer.combine(MediaSniffer.fromContentType("video/webm"),
        sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F)));
    assertEquals(Container.WEBM, combined.container());
    assertEquals(Source.BOTH, combined.source());
  }

  @Test
  void aacHeaderWithId3HidingTheFrames_keepsAac() {
    byte[] bigTag = cat(ascii("ID3"), bytes(4, 0, 0, 0, 0x40, 0, 0));
    MediaInfo combined = MediaSniffer.combine(MediaSniffer.fromContentType("audio/aac"),
        sniff(bigTag));
    assertEquals(Container.AAC_ADTS, combined.container());
  }

  // ---- HTML ----

  @Test
  void htmlStarts_lookLikeHtml() {
    assertTrue(html(ascii("  <!DOCTYPE html>\n<html>")));
    assertTrue(html(cat(bytes(0xEF, 0xBB, 0xBF), ascii("<HTML>"))));
    assertTrue(html(ascii("\r\n\t<head><title>Login</title>")));
    assertTrue(html(ascii("<body onload=x>")));
    assertTrue(html(ascii("<html")));
  }

  @Test
  void mediaAndLookAlikes_doNotLookLikeHtml() {
    assertFalse(html(ftyp("isom", "isom")));
    assertFalse(html(new byte[0]));
    assertFalse(html(ascii("<htmlx>")));
    assertFalse(html(ascii("<?xml version=\"1.0\"?><MPD>")));
    assertFalse(html(ascii("x<html>")));
  }

  // ---- MediaInfo ----

  @Test
  void badMediaInfoValues_throwWithValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MediaInfo(Container.MP4, Optional.of("Video/MP4"), List.of(), Optional.empty(),
            List.of(), Source.SNIFFED));
    assertEquals("mimeType is not a lower-case type/subtype: Video/MP4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MediaInfo(Container.MP4,
        Optional.empty(), List.of("a b"), Optional.empty(), List.of(), Source.SNIFFED));
    assertThrows(NullPointerException.class, () -> new MediaInfo(Container.MP4, null, List.of(),
        Optional.empty(), List.of(), Source.SNIFFED));
  }

  // ---- Robustness ----

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void randomBytes_neverThrowAndLeavePositionAlone() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] data = new byte[random.nextInt(513)];
      random.nextBytes(data);
      if (data.length > 0 && random.nextInt(4) == 0) data[0] = (byte) 0xFF; // hit the sync paths
      checkSurvives(data, random);
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void mutatedAndTruncatedHeaders_neverThrow() {
    List<byte[]> headers = validHeaders();
    Random random = new Random(7);
    for (byte[] header : headers) {
      assertTrue(MediaSniffer.detect(ByteBuffer.wrap(header)).isKnown());
      for (int i = 0; i < 5_000; i++) {
        byte[] mutated = header.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && mutated.length > 0; e++) {
          int at = random.nextInt(mutated.length);
          switch (random.nextInt(4)) {
            case 0: mutated[at] ^= (byte) (1 << random.nextInt(8)); break;
            case 1: mutated[at] = (byte) random.nextInt(256); break;
            case 2: mutated[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00); break;
            default: mutated = Arrays.copyOf(mutated, at); break;
          }
        }
        checkSurvives(mutated, random);
      }
    }
  }

  /** Sniffs without the safety net (so bugs show), then through the API, from a moved position. */
  private static void checkSurvives(byte[] data, Random random) {
    int offset = random.nextInt(3);
    ByteBuffer buffer = ByteBuffer.allocate(offset + data.length + 2);
    buffer.position(offset);
    buffer.put(data);
    buffer.position(offset).limit(offset + data.length);
    MediaInfo strict = MediaSniffer.detect(buffer);
    assertNotNull(strict);
    assertEquals(strict, MediaSniffer.sniff(buffer));
    MediaSniffer.looksLikeHtml(buffer);
    assertEquals(offset, buffer.position());
    assertEquals(offset + data.length, buffer.limit());
  }

  private static List<byte[]> validHeaders() {
    byte[] opusHead = cat(ascii("OpusHead"), bytes(1, 2, 0x38, 1, 0x80, 0xBB, 0, 0, 0, 0, 0));
    byte[] frame = Arrays.copyOf(MP3_FRAME_HEADER, 417);
    return List.of(
        ftyp("isom", "isom", "iso6", "dash", "avc1"),
        cat(ftyp("isom", "isom"), moov(avc1Entry(0x64, 0, 0x1F), mp4aEntry(2))),
        box("moof", box("mfhd", u32(0), u32(1))),
        matroska("webm", "V_VP9", "A_OPUS"),
        matroska("matroska", "V_MPEG4/ISO/AVC", "A_AAC"),
        cat(frame, frame),
        cat(ascii("ID3"), bytes(4, 0, 0x10, 0, 0, 0, 0x0A), new byte[20], MP3_FRAME_HEADER),
        cat(adts(1, 4, 2, 20), adts(1, 4, 2, 20)),
        cat(ascii("fLaC"), bytes(0x80, 0, 0, 0x22), new byte[34]),
        cat(oggPage(1, opusHead), oggPage(1, cat(ascii("OpusTags"), new byte[8]))),
        cat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WAVEfmt "), bytes(16, 0, 0, 0)),
        tsPackets());
  }

  // ---- Helpers: hand-built headers ----

  /** MPEG-1 layer III, no CRC; 128 kbit/s, 44.1 kHz, no padding; joint stereo. */
  private static final byte[] MP3_FRAME_HEADER = bytes(0xFF, 0xFB, 0x90, 0x64);

  private static MediaInfo sniff(byte[] data) {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    MediaInfo info = MediaSniffer.detect(buffer);
    assertEquals(info, MediaSniffer.sniff(buffer));
    assertEquals(0, buffer.position());
    return info;
  }

  private static boolean html(byte[] data) {
    return MediaSniffer.looksLikeHtml(ByteBuffer.wrap(data));
  }

  private static byte[] ftyp(String major, String... compatible) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(ascii(major));
    payload.writeBytes(u32(0x200));
    for (String brand : compatible) payload.writeBytes(ascii(brand));
    return box("ftyp", payload.toByteArray());
  }

  private static byte[] moov(byte[]... sampleEntries) {
    ByteArrayOutputStream traks = new ByteArrayOutputStream();
    traks.writeBytes(box("mvhd", new byte[100]));
    for (byte[] entry : sampleEntries) {
      byte[] stsd = box("stsd", u32(0), u32(1), entry);
      byte[] stbl = box("stbl", stsd, box("stts", u32(0), u32(0)));
      byte[] minf = box("minf", box("vmhd", new byte[12]), stbl);
      byte[] mdia = box("mdia", box("mdhd", new byte[24]), box("hdlr", new byte[25]), minf);
      traks.writeBytes(box("trak", box("tkhd", new byte[84]), mdia));
    }
    return box("moov", traks.toByteArray());
  }

  private static byte[] avc1Entry(int profile, int constraints, int level) {
    byte[] avcC = box("avcC", bytes(1, profile, constraints, level, 0xFF, 0xE0, 0));
    return box("avc1", new byte[78], avcC);
  }

  /** An mp4a sample entry whose esds holds an AudioSpecificConfig of {@code objectType}. */
  private static byte[] mp4aEntry(int objectType) {
    byte[] asc = bytes(objectType << 3 | 0x02, 0x10);
    byte[] decoderSpecific = cat(bytes(0x05, asc.length), asc);
    byte[] decoderConfig = cat(bytes(0x04, 13 + decoderSpecific.length, 0x40, 0x15),
        new byte[11], decoderSpecific);
    byte[] es = cat(bytes(0x03, 3 + decoderConfig.length + 3, 0, 1, 0), decoderConfig,
        bytes(0x06, 1, 2));
    return box("mp4a", new byte[28], box("esds", u32(0), es));
  }

  private static byte[] tsPackets() {
    byte[] ts = new byte[188 * 3];
    for (int i = 0; i < ts.length; i += 188) ts[i] = 0x47;
    return ts;
  }

  /** An EBML header naming {@code docType}, a Segment of unknown size, Info and Tracks. */
  private static byte[] matroska(String docType, String... codecIds) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    int number = 1;
    for (String codecId : codecIds) {
      entries.writeBytes(ebml(0xAE, ebml(0xD7, bytes(number++)), ebml(0x83, bytes(1)),
          ebml(0x86, ascii(codecId))));
    }
    byte[] info = ebml(0x1549A966, ebml(0x2AD7B1, bytes(0x0F, 0x42, 0x40)));
    byte[] tracks = ebml(0x1654AE6B, entries.toByteArray());
    byte[] segment = cat(bytes(0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF), ebml(0xEC, new byte[10]), info, tracks, ebml(0x1F43B675, ebml(0xE7, bytes(0))));
    return cat(ebmlHeader(docType), segment);
  }

  private static byte[] ebmlHeader(String docType) {
    return ebml(0x1A45DFA3, ebml(0x4286, bytes(1)), ebml(0x42F7, bytes(1)),
        ebml(0x42F2, bytes(4)), ebml(0x42F3, bytes(8)), ebml(0x4282, ascii(docType)),
        ebml(0x4287, bytes(4)), ebml(0x4285, bytes(2)));
  }

  /** An EBML element: its ID as written, a 2-byte size, the data. */
  private static byte[] ebml(long id, byte[]... data) {
    byte[] payload = cat(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    for (int i = idLength - 1; i >= 0; i--) out.write((int) (id >>> (8 * i)));
    out.write(0x40 | payload.length >>> 8);
    out.write(payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An ADTS frame: no CRC, MPEG-4, {@code profile} (object type - 1), zero payload. */
  private static byte[] adts(int profile, int sampleRateIndex, int channels, int frameLength) {
    byte[] frame = new byte[frameLength];
    frame[0] = (byte) 0xFF;
    frame[1] = (byte) 0xF1;
    frame[2] = (byte) (profile << 6 | sampleRateIndex << 2 | channels >>> 2);
    frame[3] = (byte) ((channels & 3) << 6 | frameLength >>> 11);
    frame[4] = (byte) (frameLength >>> 3);
    frame[5] = (byte) ((frameLength & 7) << 5 | 0x1F);
    frame[6] = (byte) 0xFC;
    return frame;
  }

  /** A beginning-of-stream Ogg page holding one packet. */
  private static byte[] oggPage(int serial, byte[] packet) {
    return cat(ascii("OggS"), bytes(0, 0x02), new byte[8], bytes(serial, 0, 0, 0), new byte[8],
        bytes(1, packet.length), packet);
  }

  private static byte[] box(String type, byte[]... children) {
    byte[] payload = cat(children);
    return cat(u32(8 + payload.length), ascii(type), payload);
  }

  private static byte[] u32(long value) {
    return bytes((int) (value >>> 24), (int) (value >>> 16), (int) (value >>> 8), (int) value);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
    return out;
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
