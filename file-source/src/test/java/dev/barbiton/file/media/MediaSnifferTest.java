package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sniffing hand-built headers of each format, and robustness against garbage. */
class MediaSnifferTest {

  // ---- ISO BMFF ----

  @Test
  void fileStartingWithPdinOrUuid_isMp4_likeTheSegmentIndexAccepts() {
    for (String first : new String[] {"pdin", "uuid"}) {
      byte[] head = first.equals("uuid") ? box("uuid", new byte[16]) : box("pdin", new byte[8]);
      MediaInfo info = sniff(cat(head, ftyp("isom", "isom", "avc1")));
      assertEquals(MediaInfo.Container.MP4, info.container(), first);
      assertTrue(dev.barbiton.file.isobmff.BoxHeader.FIRST_BOXES.contains(first), "one list of first boxes");
    }
  }

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
    assertEquals(List.of("avc1.64001F", "mp4a.40.2"), info.codecs());
    assertEquals(Optional.of("video/mp4; codecs=\"avc1.64001F, mp4a.40.2\""), info.contentType());
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

  @Test
  void windowEndingInsideTheFirstHeader_stillNamesTheBox() {
    assertEquals(Container.MP4, sniff(Arrays.copyOf(box("uuid", new byte[16], new byte[8]), 8)).container());
    assertEquals(Container.MP4, sniff(cat(u32(1), ascii("mdat"))).container());
    assertEquals(Container.UNKNOWN, sniff(cat(u32(1), ascii("trak"))).container());
  }

  @Test
  void sizeZeroAndLargesizeMoov_areWalkedToTheSampleEntries() {
    byte[] moov = moov(avc1Entry(0x42, 0xC0, 0x1E));
    byte[] rest = Arrays.copyOfRange(moov, 8, moov.length);
    byte[] toTheEnd = cat(u32(0), ascii("moov"), rest);
    byte[] large = cat(u32(1), ascii("moov"), u32(0), u32(16 + rest.length), rest);
    for (byte[] m : List.of(moov, toTheEnd, large)) {
      assertEquals(List.of("avc1.42C01E"), sniff(cat(ftyp("isom", "isom"), m)).codecs());
    }
  }

  @Test
  void childRunningPastItsParent_endsTheWalk_asTheSegmentIndexRejectsIt() {
    byte[] moov = moov(avc1Entry(0x42, 0xC0, 0x1E));
    int trak = 8 + 108; // after moov's header and its mvhd
    assertEquals("trak", new String(moov, trak + 4, 4, StandardCharsets.ISO_8859_1));
    ByteBuffer.wrap(moov).putInt(trak, moov.length); // past the moov's end
    MediaInfo info = sniff(cat(ftyp("isom", "isom"), moov, box("free", new byte[200])));
    assertEquals(Container.MP4, info.container());
    assertEquals(List.of(), info.codecs());
  }

  @Test
  void indexAtEnd_waitsForAHeaderTheBytesCutShort() {
    byte[] uuid = box("uuid", new byte[16]);
    byte[] mdat = box("mdat", new byte[4000]);
    byte[] file = cat(uuid, mdat, moov(avc1Entry(0x42, 0xC0, 0x1E)));
    assertEquals(Optional.empty(), MediaSniffer.indexAtEnd(ByteBuffer.wrap(file, 0, 12).slice(), file.length));
    assertEquals(Optional.of(OptionalLong.of(uuid.length + mdat.length)),
        MediaSniffer.indexAtEnd(ByteBuffer.wrap(file), file.length));
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
}
