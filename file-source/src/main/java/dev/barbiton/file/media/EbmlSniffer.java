package dev.barbiton.file.media;

import dev.barbiton.file.media.EbmlReader.Element;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Recognizes Matroska and WebM (RFC 8794 EBML, RFC 9559 Matroska) by the EBML magic, tells them
 * apart by the DocType in the EBML header, and reads the tracks ({@link MatroskaFile}, {@link
 * MatroskaTracks}) when the Tracks element lies in the window.
 *
 * <p>Bounded: element offsets strictly increase inside the window and at most {@link
 * #MAX_ELEMENTS} element headers are read for the SeekHead.
 */
final class EbmlSniffer {
  private static final long SEEK = 0x4DBB;
  private static final long SEEK_ID = 0x53AB;
  private static final long SEEK_POSITION = 0x53AC;
  /** Elements a demuxer may read at open or at its first seek: Cues, Tags, Chapters, Attachments. */
  private static final Set<Long> INDEX_ELEMENTS =
      Set.of(0x1C53BB6BL, 0x1254C367L, 0x1043A770L, 0x1941A469L);
  private static final int MAX_ELEMENTS = 512;

  private EbmlSniffer() {}

  /** The Matroska facts if the window starts with the EBML magic. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    if (!w.has(0, 4) || w.u32(0) != MatroskaFile.EBML) return Optional.empty();
    MatroskaFile file = MatroskaFile.readHead(w);
    return describe(file, false);
  }

  /**
   * The facts of a Matroska file read so far; with tracks when its Tracks element was read (and,
   * if {@code complete}, whatever else the file states about them).
   */
  static Optional<MediaInfo> describe(MatroskaFile file, boolean complete) {
    if (!file.mediaDocType()) return Optional.empty(); // EBML, but not a media DocType we know
    boolean webm = "webm".equals(file.docType);
    Container container = webm ? Container.WEBM : Container.MATROSKA;
    String mimeType = webm ? "video/webm" : "video/x-matroska";
    List<TrackDetails> tracks = file.tracksRead ? file.tracks.build() : List.of();
    List<String> codecs = new ArrayList<>();
    boolean allAudio = true;
    List<MatroskaTracks.Entry> entries = file.tracks.entries();
    for (int i = 0; i < tracks.size(); i++) {
      if (!entries.get(i).named) continue;
      TrackDetails t = tracks.get(i);
      if (!codecs.contains(t.codec())) codecs.add(t.codec());
      allAudio &= t.kind() == TrackDetails.Kind.AUDIO;
    }
    if (!codecs.isEmpty() && allAudio) mimeType = mimeType.replace("video/", "audio/");
    return Optional.of(new MediaInfo(container, Optional.of(mimeType), codecs, Optional.ofNullable(file.docType),
        List.of(), Source.SNIFFED, tracks));
  }

  /**
   * Maps a Matroska CodecID without a configuration to read to an RFC 6381 style name; null for
   * IDs this package does not name.
   */
  static String codecName(String codecId) {
    switch (codecId) {
      case "V_VP8": return "vp8";
      case "V_VP9": return "vp9";
      case "V_AV1": return "av01";
      case "V_THEORA": return "theora";
      case "V_MPEGH/ISO/HEVC": return "hvc1";
      case "V_MPEG4/ISO/AVC": return "avc1";
      case "A_OPUS": return "opus";
      case "A_VORBIS": return "vorbis";
      case "A_FLAC": return "flac";
      case "A_MPEG/L3": return "mp3";
      case "A_MPEG/L2": return "mp2";
      case "A_AC3": return "ac-3";
      case "A_EAC3": return "ec-3";
      case "A_AAC": return "mp4a.40";
      default:
        if (!codecId.startsWith("A_AAC/")) return null;
        // Deprecated IDs such as A_AAC/MPEG4/LC/SBR carry the profile in the name.
        if (codecId.endsWith("/SBR")) return "mp4a.40.5";
        if (codecId.endsWith("/MAIN")) return "mp4a.40.1";
        if (codecId.endsWith("/LC")) return "mp4a.40.2";
        if (codecId.endsWith("/SSR")) return "mp4a.40.3";
        if (codecId.endsWith("/LTP")) return "mp4a.40.4";
        return "mp4a.40";
    }
  }

  /**
   * The absolute offset of the first index element (Cues, Tags, Chapters, Attachments) at or after
   * {@code from} that the SeekHead in the window points to, when the window holds the EBML header,
   * the Segment header and a SeekHead; empty otherwise. Only what the file states: no element is
   * looked for.
   */
  static OptionalLong indexPosition(SniffWindow w, long from) {
    if (!w.has(0, 4) || w.u32(0) != MatroskaFile.EBML) return OptionalLong.empty();
    EbmlReader r = new EbmlReader(w, 0, MAX_ELEMENTS);
    Element header = r.element(0, w.length());
    if (header == null || header.unknownSize()) return OptionalLong.empty();
    Element segment = r.element(r.end(header), w.length());
    if (segment == null || segment.id() != MatroskaFile.SEGMENT) return OptionalLong.empty();
    long first = Long.MAX_VALUE;
    for (long o = segment.data(); o < r.end(segment); ) {
      Element e = r.element(o, r.end(segment));
      if (e == null || e.unknownSize() || e.id() == MatroskaFile.CLUSTER) break;
      if (e.id() == MatroskaFile.SEEK_HEAD) {
        for (long k = e.data(); k < r.end(e); ) {
          Element seek = r.element(k, r.end(e));
          if (seek == null || seek.unknownSize()) break;
          long target = seek.id() == SEEK ? seekTarget(r, seek, segment.data()) : Long.MAX_VALUE;
          if (target >= from) first = Math.min(first, target);
          k = r.end(seek);
        }
        break;
      }
      o = r.end(e);
    }
    return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
  }

  /** The absolute target of a Seek entry naming an index element; Long.MAX_VALUE otherwise. */
  private static long seekTarget(EbmlReader r, Element seek, long segmentData) {
    long id = -1;
    long position = -1;
    for (long o = seek.data(); o < r.end(seek); ) {
      Element e = r.element(o, r.end(seek));
      if (e == null || e.unknownSize() || e.size() > 8 || !r.whole(e)) break;
      long value = r.unsigned(e);
      if (e.id() == SEEK_ID) id = value;
      if (e.id() == SEEK_POSITION) position = value;
      o = r.end(e);
    }
    return INDEX_ELEMENTS.contains(id) && position >= 0 && position < Long.MAX_VALUE - segmentData
        ? segmentData + position : Long.MAX_VALUE;
  }
}
