package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Recognizes Matroska and WebM (RFC 8794 EBML, RFC 9559 Matroska) by the EBML magic, tells them
 * apart by the DocType in the EBML header, and reads track CodecIDs when the Tracks element lies
 * in the window.
 *
 * <p>Bounded: element offsets strictly increase inside the window and at most {@link
 * #MAX_ELEMENTS} element headers are read.
 */
final class EbmlSniffer {
  private static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282;
  private static final long SEGMENT = 0x18538067L;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long CLUSTER = 0x1F43B675L;
  private static final long TRACK_ENTRY = 0xAE;
  private static final long CODEC_ID = 0x86;
  private static final long CODEC_PRIVATE = 0x63A2;
  private static final long SEEK_HEAD = 0x114D9B74L;
  private static final long SEEK = 0x4DBB;
  private static final long SEEK_ID = 0x53AB;
  private static final long SEEK_POSITION = 0x53AC;
  /** Elements a demuxer may read at open or at its first seek: Cues, Tags, Chapters, Attachments. */
  private static final Set<Long> INDEX_ELEMENTS =
      Set.of(0x1C53BB6BL, 0x1254C367L, 0x1043A770L, 0x1941A469L);
  private static final int MAX_ELEMENTS = 512;

  private final SniffWindow w;
  private final List<String> codecs = new ArrayList<>();
  private int elementsRead;

  private EbmlSniffer(SniffWindow w) {
    this.w = w;
  }

  /** The Matroska facts if the window starts with the EBML magic. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    if (!w.has(0, 4) || w.u32(0) != EBML) return Optional.empty();
    EbmlSniffer s = new EbmlSniffer(w);
    Element header = s.element(0, w.length());
    String docType = null;
    if (header != null) {
      for (long o = header.data; o < header.end(w); ) {
        Element e = s.element(o, header.end(w));
        if (e == null) break;
        if (e.id == DOC_TYPE) docType = s.string(e);
        if (docType != null) {
          docType = docType.trim().isEmpty() ? null : docType.toLowerCase(Locale.ROOT);
        }
        o = e.end(w);
      }
      if (!header.unknownSize) s.readSegment(header.end(w));
    }
    Container container;
    String mimeType;
    if (docType == null || docType.equals("matroska")) {
      container = Container.MATROSKA;
      mimeType = "video/x-matroska";
    } else if (docType.equals("webm")) {
      container = Container.WEBM;
      mimeType = "video/webm";
    } else {
      return Optional.empty(); // EBML, but not a media DocType we know
    }
    if (!s.codecs.isEmpty() && s.codecs.stream().allMatch(EbmlSniffer::isAudio)) {
      mimeType = mimeType.replace("video/", "audio/");
    }
    return Optional.of(new MediaInfo(container, Optional.of(mimeType), s.codecs,
        Optional.ofNullable(docType), List.of(), Source.SNIFFED));
  }

  /**
   * The absolute offset of the first index element (Cues, Tags, Chapters, Attachments) at or after
   * {@code from} that the SeekHead in the window points to, when the window holds the EBML header,
   * the Segment header and a SeekHead; empty otherwise. Only what the file states: no element is
   * looked for.
   */
  static OptionalLong indexPosition(SniffWindow w, long from) {
    if (!w.has(0, 4) || w.u32(0) != EBML) return OptionalLong.empty();
    EbmlSniffer s = new EbmlSniffer(w);
    Element header = s.element(0, w.length());
    if (header == null || header.unknownSize) return OptionalLong.empty();
    Element segment = s.element(header.end(w), w.length());
    if (segment == null || segment.id != SEGMENT) return OptionalLong.empty();
    long first = Long.MAX_VALUE;
    for (long o = segment.data; o < segment.end(w); ) {
      Element e = s.element(o, segment.end(w));
      if (e == null || e.unknownSize || e.id == CLUSTER) break;
      if (e.id == SEEK_HEAD) {
        for (long k = e.data; k < e.end(w); ) {
          Element seek = s.element(k, e.end(w));
          if (seek == null || seek.unknownSize) break;
          long target = seek.id == SEEK ? s.seekTarget(seek, segment.data) : Long.MAX_VALUE;
          if (target >= from) first = Math.min(first, target);
          k = seek.end(w);
        }
        break;
      }
      o = e.end(w);
    }
    return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
  }

  /** The absolute target of a Seek entry naming an index element; Long.MAX_VALUE otherwise. */
  private long seekTarget(Element seek, long segmentData) {
    long id = -1;
    long position = -1;
    for (long o = seek.data; o < seek.end(w); ) {
      Element e = element(o, seek.end(w));
      if (e == null || e.unknownSize || e.size > 8 || !w.has(e.data, e.size)) break;
      long value = 0;
      for (int i = 0; i < e.size; i++) value = value << 8 | w.u8(e.data + i);
      if (e.id == SEEK_ID) id = value;
      if (e.id == SEEK_POSITION) position = value;
      o = e.end(w);
    }
    return INDEX_ELEMENTS.contains(id) && position >= 0 && position < Long.MAX_VALUE - segmentData
        ? segmentData + position : Long.MAX_VALUE;
  }

  private void readSegment(long offset) {
    Element segment = element(offset, w.length());
    if (segment == null || segment.id != SEGMENT) return;
    for (long o = segment.data; o < segment.end(w); ) {
      Element e = element(o, segment.end(w));
      if (e == null || e.id == CLUSTER) return;
      if (e.id == TRACKS) {
        for (long t = e.data; t < e.end(w); ) {
          Element entry = element(t, e.end(w));
          if (entry == null) return;
          if (entry.id == TRACK_ENTRY) readTrackEntry(entry);
          t = entry.end(w);
        }
        return;
      }
      if (e.unknownSize) return;
      o = e.end(w);
    }
  }

  private void readTrackEntry(Element entry) {
    String codecId = null;
    Element codecPrivate = null;
    for (long o = entry.data; o < entry.end(w); ) {
      Element e = element(o, entry.end(w));
      if (e == null) break;
      if (e.id == CODEC_ID) codecId = string(e);
      if (e.id == CODEC_PRIVATE) codecPrivate = e;
      o = e.end(w);
    }
    String codec = codecId == null ? null : codec(codecId, codecPrivate);
    if (codec != null && !codecs.contains(codec)) codecs.add(codec);
  }

  /** Maps a Matroska CodecID to an RFC 6381 style name; null for IDs we do not name. */
  private String codec(String codecId, Element codecPrivate) {
    boolean havePrivate = codecPrivate != null && w.has(codecPrivate.data, 4);
    switch (codecId) {
      case "V_VP8": return "vp8";
      case "V_VP9": return "vp9";
      case "V_AV1": return "av01";
      case "V_THEORA": return "theora";
      case "V_MPEGH/ISO/HEVC": return "hvc1";
      case "V_MPEG4/ISO/AVC":
        // CodecPrivate is an AVCDecoderConfigurationRecord.
        return havePrivate ? String.format(Locale.ROOT, "avc1.%02x%02x%02x",
            w.u8(codecPrivate.data + 1), w.u8(codecPrivate.data + 2),
            w.u8(codecPrivate.data + 3)) : "avc1";
      case "A_OPUS": return "opus";
      case "A_VORBIS": return "vorbis";
      case "A_FLAC": return "flac";
      case "A_MPEG/L3": return "mp3";
      case "A_MPEG/L2": return "mp2";
      case "A_AC3": return "ac-3";
      case "A_EAC3": return "ec-3";
      case "A_AAC":
        // CodecPrivate is an AudioSpecificConfig.
        int aot = codecPrivate == null ? 0 : Mpeg4Audio.audioObjectType(w, codecPrivate.data);
        return aot == 0 ? "mp4a.40" : "mp4a.40." + aot;
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

  private static boolean isAudio(String codec) {
    return !codec.startsWith("vp") && !codec.startsWith("av") && !codec.startsWith("hvc")
        && !codec.equals("theora");
  }

  /** An ASCII string element's value up to its first NUL, or null if not wholly in the window. */
  private String string(Element e) {
    if (e.unknownSize || e.size > 64 || !w.has(e.data, e.size)) return null;
    String s = w.latin1(e.data, (int) e.size);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  /**
   * The element at {@code offset}: an ID (1 to 4 bytes, marker bits kept) and a data size (1 to 8
   * bytes, marker bits removed, all ones meaning unknown); null if malformed, cut off, outside
   * {@code parentEnd} or past the element budget.
   */
  private Element element(long offset, long parentEnd) {
    if (elementsRead >= MAX_ELEMENTS || offset >= parentEnd || !w.has(offset, 1)) return null;
    elementsRead++;
    int first = w.u8(offset);
    int idLength = Integer.numberOfLeadingZeros(first) - 23;
    if (idLength > 4 || !w.has(offset, idLength + 1)) return null;
    long id = 0;
    for (int i = 0; i < idLength; i++) id = id << 8 | w.u8(offset + i);
    long sizeOffset = offset + idLength;
    int sizeFirst = w.u8(sizeOffset);
    int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
    if (sizeLength > 8 || !w.has(sizeOffset, sizeLength)) return null;
    long size = sizeFirst & (0xFF >>> sizeLength);
    boolean allOnes = size == (0xFF >>> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      int b = w.u8(sizeOffset + i);
      allOnes &= b == 0xFF;
      size = size << 8 | b;
    }
    return new Element(id, sizeOffset + sizeLength, size, allOnes);
  }

  /** An element header; {@code size} is meaningless when {@code unknownSize}. */
  private record Element(long id, long data, long size, boolean unknownSize) {
    /** Where the element ends, or the window's end if its size is unknown. */
    long end(SniffWindow w) {
      return unknownSize ? Math.max(data, w.length()) : data + size;
    }
  }
}
