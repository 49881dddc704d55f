package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Content-Type parsing, how it combines with sniffed bytes, and the HTML check. */
class MediaContentTypeTest {

  // ---- Content-Type ----

  @Test
  void contentTypeWithQuotedCodecs_parsesTypeAndCodecList() {
    MediaInfo info = MediaSniffer.fromContentType(
        "Video/MP4; charset=binary; codecs=\"avc1.64001f, mp4a.40.2\"").orElseThrow();
    assertEquals(Container.MP4, info.container());
    assertEquals(Optional.of("video/mp4"), info.mimeType());
    assertEquals(List.of("avc1.64001F", "mp4a.40.2"), info.codecs(), "in the one form sniffing reports");
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
        MediaSniffer.fromContentType("audio/mp4; codecs=\"mp4a.40.2, AVC1.64001f\"");
    byte[] file = cat(ftyp("isom", "isom"), moov(avc1Entry(0x64, 0, 0x1F), mp4aEntry(2),
        mp4aEntry(5)));
    // The window ends inside the last track: the bytes name codecs, but not all the tracks' details.
    MediaInfo combined = MediaSniffer.combine(header, sniff(Arrays.copyOf(file, file.length - 4)));
    assertEquals(Container.MP4, combined.container());
    assertEquals(Optional.of("audio/mp4"), combined.mimeType());
    assertEquals(List.of("mp4a.40.2", "avc1.64001F", "mp4a.40.5"), combined.codecs());
    assertEquals(Optional.of("isom"), combined.brand());
    assertEquals(Source.BOTH, combined.source());
  }

  @Test
  void headerAndBytesWithTrackDetails_codecsAreTheTracks() {
    Optional<MediaInfo> header = MediaSniffer.fromContentType("video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"");
    byte[] file = cat(ftyp("isom", "isom"), moov(avc1Entry(0x64, 0, 0x1F), mp4aEntry(5)));
    MediaInfo combined = MediaSniffer.combine(header, sniff(file));
    assertEquals(List.of("avc1.64001F", "mp4a.40.5"), combined.codecs());
    assertEquals(2, combined.tracks().size());
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

}
