package dev.barbiton.file.media;

import dev.barbiton.file.media.EbmlReader.Element;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.AudioConfigs;
import dev.barbiton.file.media.codec.Av1SequenceHeader;
import dev.barbiton.file.media.codec.AvcParameterSets;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.HdrMetadata;
import dev.barbiton.file.media.codec.HevcParameterSets;
import dev.barbiton.file.media.codec.TrackBuilder;
import dev.barbiton.file.media.codec.VideoFacts;
import dev.barbiton.file.media.codec.Vp9Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracks of a Matroska or WebM file (RFC 9559 5.1.4): each TrackEntry's number, type, codec
 * and CodecPrivate (the same configuration records as in MP4, or Opus's and FLAC's headers), its
 * Video element (size, Colour with mastering metadata) or Audio element, its Dolby Vision
 * BlockAdditionMapping; then, where the file holds them, the DURATION and BPS tags of each track
 * (Tags), the cue points of each track (Cues), and, for a VP9 track without CodecPrivate, the
 * header of its first key frame in the first Cluster.
 */
final class MatroskaTracks {
  static final long TRACK_ENTRY = 0xAE;
  private static final long TRACK_NUMBER = 0xD7;
  private static final long TRACK_UID = 0x73C5;
  private static final long TRACK_TYPE = 0x83;
  private static final long CODEC_ID = 0x86;
  private static final long CODEC_PRIVATE = 0x63A2;
  private static final long DEFAULT_DURATION = 0x23E383;
  private static final long VIDEO = 0xE0;
  private static final long AUDIO = 0xE1;
  private static final long BLOCK_ADDITION_MAPPING = 0x41E4;
  private static final int MAX_TRACKS = 64;
  private static final int MAX_PRIVATE = 1 << 20;

  /** One track entry while it is read. */
  static final class Entry {
    final TrackBuilder builder = new TrackBuilder();
    long number = -1;
    Long uid;
    String codecId;
    long defaultDuration;
    long cues;
    boolean needsKeyFrame;
    /** Whether the CodecID names a codec this package knows; the others stay out of {@code codecs}. */
    boolean named = true;
  }

  private final List<Entry> entries = new ArrayList<>();
  private EbmlReader r;
  private long segmentDurationNanos = -1;

  MatroskaTracks(EbmlReader r) {
    this.r = r;
  }

  /** The reader of the bytes the next call reads from. */
  void reader(EbmlReader reader) {
    r = reader;
  }

  List<Entry> entries() {
    return entries;
  }

  /** Sets the Segment's duration in nanoseconds, for keyframe intervals of tracks without a tag. */
  void segmentDuration(long nanos) {
    segmentDurationNanos = nanos;
  }

  /** Reads the TrackEntry elements of a Tracks element. */
  void readTracks(Element tracks) {
    for (long o = tracks.data(); o < r.end(tracks) && entries.size() < MAX_TRACKS; ) {
      Element e = r.element(o, r.end(tracks));
      if (e == null) return;
      if (e.id() == TRACK_ENTRY) readEntry(e);
      if (e.unknownSize()) return;
      o = r.end(e);
    }
  }

  private void readEntry(Element entry) {
    Entry t = new Entry();
    Element codecPrivate = null;
    Element video = null;
    Element audio = null;
    List<Element> mappings = new ArrayList<>();
    for (long o = entry.data(); o < r.end(entry); ) {
      Element e = r.element(o, r.end(entry));
      if (e == null || e.unknownSize()) break;
      long id = e.id();
      if (id == TRACK_NUMBER) t.number = r.unsigned(e);
      else if (id == TRACK_UID) t.uid = r.bits(e);
      else if (id == TRACK_TYPE) {
        long type = r.unsigned(e);
        t.builder.kind(type == 1 ? Kind.VIDEO : type == 2 ? Kind.AUDIO : Kind.OTHER);
      } else if (id == CODEC_ID) t.codecId = r.string(e, 64);
      else if (id == CODEC_PRIVATE) codecPrivate = e;
      else if (id == DEFAULT_DURATION) t.defaultDuration = r.unsigned(e);
      else if (id == VIDEO) video = e;
      else if (id == AUDIO) audio = e;
      else if (id == BLOCK_ADDITION_MAPPING && mappings.size() < 4) mappings.add(e);
      o = r.end(e);
    }
    if (t.codecId == null) return;
    // The CodecID's prefix says what the track carries more surely than the TrackType beside it.
    if (t.codecId.startsWith("V_")) t.builder.kind(Kind.VIDEO);
    else if (t.codecId.startsWith("A_")) t.builder.kind(Kind.AUDIO);
    if (t.number >= 0) t.builder.id(t.number);
    if (video != null) MatroskaElements.readVideo(r, video, t.builder.video());
    if (audio != null) MatroskaElements.readAudio(r, audio, t.builder);
    if (t.defaultDuration > 0 && t.builder.kind() == Kind.VIDEO) t.builder.frameRate(1e9 / t.defaultDuration);
    codec(t, codecPrivate == null ? null : r.binary(codecPrivate, MAX_PRIVATE));
    for (Element m : mappings) MatroskaElements.readDolbyVision(r, m, t.builder);
    entries.add(t);
  }

  /** Names the codec and reads its CodecPrivate; an unreadable one leaves the track without config. */
  private void codec(Entry t, byte[] p) {
    TrackBuilder b = t.builder;
    VideoFacts v = b.video();
    String id = t.codecId;
    try {
      switch (id) {
        case "V_MPEG4/ISO/AVC":
          b.entry("avc1").fallbackCodec("avc1");
          if (p != null) b.config(AvcParameterSets.readConfigurationRecord(p, 0, p.length, v));
          return;
        case "V_MPEGH/ISO/HEVC":
          b.entry("hvc1").fallbackCodec("hvc1");
          if (p != null) b.config(HevcParameterSets.readConfigurationRecord(p, 0, p.length, v));
          return;
        case "V_AV1":
          b.entry("av01").fallbackCodec("av01");
          if (p != null && p.length >= 4) b.config(Av1SequenceHeader.readConfigurationRecord(p, 0, p.length, v));
          return;
        case "V_VP9":
          b.entry("vp09").fallbackCodec("vp9");
          if (p != null && p.length > 0) {
            int level = Vp9Config.level(v.width(), v.height(), frameRate(t));
            var config = Vp9Config.readCodecPrivate(p, 0, p.length, level, v);
            if (config != null) b.config(config);
          }
          t.needsKeyFrame = !b.config().isPresent();
          return;
        case "A_OPUS":
          b.entry("Opus").fallbackCodec("opus");
          if (p != null) b.config(AudioConfigs.opusHead(p, 0, p.length));
          return;
        case "A_FLAC":
          b.entry("fLaC").fallbackCodec("flac");
          if (p != null) b.config(AudioConfigs.streamInfo(p, 0, p.length, true));
          return;
        case "A_AAC":
          b.entry("mp4a").fallbackCodec("mp4a.40");
          if (p != null) b.config(AudioConfigs.audioSpecificConfig(p, 0, p.length));
          return;
        default:
          String name = EbmlSniffer.codecName(id);
          if (name != null) {
            b.entry(name).fallbackCodec(name);
          } else {
            t.named = false;
            b.entry(id);
            b.fallbackCodec(MediaInfo.isCodecToken(id) ? id : "unknown");
          }
      }
    } catch (BitstreamException e) {
      // CodecPrivate does not parse: the track keeps the codec's name without its configuration
      if (id.equals("A_AAC") && p != null && p.length > 0 && (p[0] & 0xFF) >>> 3 != 0 && (p[0] & 0xFF) >>> 3 != 31) {
        b.fallbackCodec("mp4a.40." + ((p[0] & 0xFF) >>> 3));
      }
    }
  }

  private static Vp9Config.FrameRate frameRate(Entry t) {
    return t.defaultDuration > 0 ? new Vp9Config.FrameRate(1_000_000_000L, t.defaultDuration) : null;
  }

  /** Whether a track still wants its first key frame read from a Cluster. */
  boolean wantsKeyFrames() {
    return entries.stream().anyMatch(t -> t.needsKeyFrame);
  }

  /** Reads the header of the first key frame of each track that wants one, from the frame's bytes. */
  void keyFrame(long trackNumber, byte[] frame, int offset, int length) {
    for (Entry t : entries) {
      if (t.number != trackNumber || !t.needsKeyFrame) continue;
      t.needsKeyFrame = false;
      try {
        var config = Vp9Config.readKeyFrame(frame, offset, length, frameRate(t), t.builder.video());
        if (config != null) t.builder.config(config);
        else t.needsKeyFrame = true; // not a key frame: the next block may be
      } catch (BitstreamException e) {
        // not a readable VP9 frame: the track stays "vp9"
      }
    }
  }

  /** Counts the cue points of each track in a Cues element. */
  void readCues(Element cues) {
    MatroskaElements.countCues(r, cues, entries);
  }

  /** Reads the DURATION and BPS tags of each track from a Tags element. */
  void readTags(Element tags) {
    MatroskaElements.readTags(r, tags, entries);
  }

  /** The tracks, with a keyframe interval for video tracks whose cue points the Cues listed. */
  List<TrackDetails> build() {
    List<TrackDetails> tracks = new ArrayList<>();
    for (Entry t : entries) {
      TrackBuilder b = t.builder;
      if (b.kind() == Kind.VIDEO && t.cues > 1) {
        TrackDetails partial = b.build();
        long nanos = partial.duration().map(Duration::toNanos).orElse(segmentDurationNanos);
        if (nanos > 0) b.keyframeInterval(Duration.ofNanos(nanos / t.cues));
      }
      tracks.add(b.build());
    }
    return tracks;
  }
}
