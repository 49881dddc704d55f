package dev.barbiton.file.media;

import dev.barbiton.file.media.EbmlReader.Element;
import java.util.Locale;

/**
 * The top of a Matroska file (RFC 9559): the EBML header's DocType, the Segment, its SeekHead
 * (where Info, Tracks, Cues and Tags lie), Info (timestamp scale and duration), Tracks, and the
 * first Cluster's blocks for tracks that need a key frame read. Fed the file's first bytes, then,
 * if the SeekHead points past them, the bytes of each element it names ({@link #readElement}).
 *
 * <p>Bounded by each {@link EbmlReader}'s budget of element headers.
 */
final class MatroskaFile {
  static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282;
  static final long SEGMENT = 0x18538067L;
  static final long SEEK_HEAD = 0x114D9B74L;
  private static final long SEEK = 0x4DBB;
  private static final long SEEK_ID = 0x53AB;
  private static final long SEEK_POSITION = 0x53AC;
  static final long INFO = 0x1549A966L;
  static final long TRACKS = 0x1654AE6BL;
  static final long CUES = 0x1C53BB6BL;
  static final long TAGS = 0x1254C367L;
  static final long CLUSTER = 0x1F43B675L;
  private static final long TIMESTAMP_SCALE = 0x2AD7B1;
  private static final long DURATION = 0x4489;
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK_GROUP = 0xA0;
  private static final long BLOCK = 0xA1;
  private static final int BUDGET = 1 << 16;

  /** The DocType, lower case; null until read or if blank. */
  String docType;
  /** Whether the EBML header was read whole. */
  boolean headerRead;
  /** The absolute offset of the Segment's data; -1 until read. */
  long segmentData = -1;
  /** Absolute positions the SeekHead names, or where the elements were met; -1 if unknown. */
  long infoAt = -1;
  long tracksAt = -1;
  long cuesAt = -1;
  long tagsAt = -1;
  boolean infoRead;
  boolean tracksRead;
  boolean cuesRead;
  boolean tagsRead;
  private long timestampScale = 1_000_000;
  final MatroskaTracks tracks;
  private EbmlReader r;

  private MatroskaFile(EbmlReader r) {
    this.r = r;
    this.tracks = new MatroskaTracks(r);
  }

  /** Reads the file's first bytes (window offset 0 = file offset 0). */
  static MatroskaFile readHead(SniffWindow w) {
    MatroskaFile f = new MatroskaFile(new EbmlReader(w, 0, BUDGET));
    f.head();
    return f;
  }

  private void head() {
    Element header = r.element(0, r.end());
    if (header == null || header.id() != EBML) return;
    for (long o = header.data(); o < r.end(header); ) {
      Element e = r.element(o, r.end(header));
      if (e == null) break;
      if (e.id() == DOC_TYPE) {
        String s = r.string(e, 64);
        docType = s == null || s.trim().isEmpty() ? null : s.toLowerCase(Locale.ROOT);
      }
      if (e.unknownSize()) break;
      o = r.end(e);
    }
    if (header.unknownSize() || r.end(header) > r.end()) return;
    headerRead = true;
    Element segment = r.element(r.end(header), Long.MAX_VALUE);
    if (segment == null || segment.id() != SEGMENT) return;
    segmentData = segment.data();
    for (long o = segment.data(); o < r.end(segment); ) {
      Element e = r.element(o, r.end(segment));
      if (e == null) return;
      if (e.id() == CLUSTER) {
        if (tracks.wantsKeyFrames()) readCluster(e);
        return;
      }
      element(e);
      if (e.unknownSize()) return;
      o = r.end(e);
    }
  }

  /** Reads bytes starting with one top-level element the SeekHead named (window offset 0 = {@code origin}). */
  void readElement(SniffWindow w, long origin) {
    r = new EbmlReader(w, origin, BUDGET);
    tracks.reader(r);
    Element e = r.element(origin, Long.MAX_VALUE);
    if (e != null) element(e);
  }

  private void element(Element e) {
    long id = e.id();
    if (id == SEEK_HEAD) {
      seekHead(e);
    } else if (id == INFO && !infoRead) {
      infoAt = e.offset();
      if (r.whole(e)) info(e);
    } else if (id == TRACKS && !tracksRead) {
      tracksAt = e.offset();
      if (r.whole(e)) {
        tracksRead = true;
        tracks.readTracks(e);
      }
    } else if (id == CUES && !cuesRead) {
      cuesAt = e.offset();
      if (r.whole(e)) {
        cuesRead = true;
        tracks.readCues(e);
      }
    } else if (id == TAGS && !tagsRead) {
      tagsAt = e.offset();
      if (r.whole(e)) {
        tagsRead = true;
        tracks.readTags(e);
      }
    }
  }

  private void seekHead(Element head) {
    for (long o = head.data(); o < r.end(head); ) {
      Element seek = r.element(o, r.end(head));
      if (seek == null || seek.unknownSize()) return;
      if (seek.id() == SEEK) {
        long id = -1;
        long position = -1;
        for (long k = seek.data(); k < r.end(seek); ) {
          Element e = r.element(k, r.end(seek));
          if (e == null || e.unknownSize()) break;
          if (e.id() == SEEK_ID && e.size() <= 4) id = r.unsigned(e);
          if (e.id() == SEEK_POSITION) position = r.unsigned(e);
          k = r.end(e);
        }
        if (position >= 0 && position < Long.MAX_VALUE / 2) {
          long at = segmentData + position;
          if (id == INFO && infoAt < 0) infoAt = at;
          if (id == TRACKS && tracksAt < 0) tracksAt = at;
          if (id == CUES && cuesAt < 0) cuesAt = at;
          if (id == TAGS && tagsAt < 0) tagsAt = at;
        }
      }
      o = r.end(seek);
    }
  }

  private void info(Element info) {
    infoRead = true;
    double duration = Double.NaN;
    for (long o = info.data(); o < r.end(info); ) {
      Element e = r.element(o, r.end(info));
      if (e == null || e.unknownSize()) break;
      if (e.id() == TIMESTAMP_SCALE) {
        long scale = r.unsigned(e);
        if (scale > 0) timestampScale = scale;
      }
      if (e.id() == DURATION) duration = r.floating(e);
      o = r.end(e);
    }
    double nanos = duration * timestampScale;
    if (nanos > 0 && nanos < 1e18) tracks.segmentDuration((long) nanos);
  }

  /** The first blocks of a Cluster, for the tracks that want a key frame header. */
  private void readCluster(Element cluster) {
    int blocks = 0;
    for (long o = cluster.data(); o < r.end(cluster) && blocks < 64 && tracks.wantsKeyFrames(); blocks++) {
      Element e = r.element(o, r.end(cluster));
      if (e == null || e.unknownSize()) return;
      if (e.id() == SIMPLE_BLOCK) {
        block(e);
      } else if (e.id() == BLOCK_GROUP) {
        for (long k = e.data(); k < r.end(e); ) {
          Element b = r.element(k, r.end(e));
          if (b == null || b.unknownSize()) break;
          if (b.id() == BLOCK) block(b);
          k = r.end(b);
        }
      }
      o = r.end(e);
    }
  }

  /** A (Simple)Block: track number (a VINT), timestamp (2 bytes), flags (1 byte), then the frame when not laced. */
  private void block(Element block) {
    byte[] b = r.binary(block, 1 << 20);
    if (b == null || b.length < 4) return;
    int length = Integer.numberOfLeadingZeros(b[0] & 0xFF) - 23;
    if (length > 8 || b.length < length + 3) return;
    long track = (b[0] & 0xFF) & (0xFF >>> length);
    for (int i = 1; i < length; i++) track = track << 8 | (b[i] & 0xFF);
    int flags = b[length + 2] & 0xFF;
    if ((flags & 0x06) != 0) return; // laced: the first frame's size would need the lacing read
    int frame = length + 3;
    tracks.keyFrame(track, b, frame, b.length - frame);
  }

  /** True if the DocType is one this package describes (or was not seen). */
  boolean mediaDocType() {
    return docType == null || docType.equals("matroska") || docType.equals("webm");
  }
}
