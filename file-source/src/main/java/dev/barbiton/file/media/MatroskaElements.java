package dev.barbiton.file.media;

import dev.barbiton.file.media.EbmlReader.Element;
import dev.barbiton.file.media.MatroskaTracks.Entry;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.HdrMetadata;
import dev.barbiton.file.media.codec.TrackBuilder;
import dev.barbiton.file.media.codec.VideoFacts;
import java.time.Duration;
import java.util.List;

/**
 * The Matroska elements around a track entry (RFC 9559 5.1.4.1.28 Video and its Colour, 5.1.4.1.29
 * Audio, 5.1.4.1.17 BlockAdditionMapping), and the Tags and Cues that refer to tracks (5.1.8,
 * 5.1.5). Each reads what lies wholly in the window and skips the rest.
 */
final class MatroskaElements {
  private static final long PIXEL_WIDTH = 0xB0;
  private static final long PIXEL_HEIGHT = 0xBA;
  private static final long COLOUR = 0x55B0;
  private static final long MATRIX = 0x55B1;
  private static final long BITS_PER_CHANNEL = 0x55B2;
  private static final long RANGE = 0x55B9;
  private static final long TRANSFER = 0x55BA;
  private static final long PRIMARIES = 0x55BB;
  private static final long MAX_CLL = 0x55BC;
  private static final long MAX_FALL = 0x55BD;
  private static final long MASTERING = 0x55D0;
  private static final long SAMPLING_FREQUENCY = 0xB5;
  private static final long OUTPUT_SAMPLING_FREQUENCY = 0x78B5;
  private static final long CHANNELS = 0x9F;
  private static final long BIT_DEPTH = 0x6264;
  private static final long BLOCK_ADD_ID_TYPE = 0x41E7;
  private static final long BLOCK_ADD_ID_EXTRA_DATA = 0x41ED;
  private static final long TAG = 0x7373;
  private static final long TARGETS = 0x63C0;
  private static final long TAG_TRACK_UID = 0x63C5;
  private static final long SIMPLE_TAG = 0x67C8;
  private static final long TAG_NAME = 0x45A3;
  private static final long TAG_STRING = 0x4487;
  private static final long CUE_POINT = 0xBB;
  private static final long CUE_TRACK_POSITIONS = 0xB7;
  private static final long CUE_TRACK = 0xF7;
  private static final int MAX_CUE_POINTS = 1 << 20;

  private MatroskaElements() {}

  static void readVideo(EbmlReader r, Element video, VideoFacts v) {
    long width = -1;
    long height = -1;
    for (long o = video.data(); o < r.end(video); ) {
      Element e = r.element(o, r.end(video));
      if (e == null || e.unknownSize()) break;
      if (e.id() == PIXEL_WIDTH) width = r.unsigned(e);
      else if (e.id() == PIXEL_HEIGHT) height = r.unsigned(e);
      else if (e.id() == COLOUR) readColour(r, e, v);
      o = r.end(e);
    }
    v.containerSize(width, height);
  }

  private static void readColour(EbmlReader r, Element colour, VideoFacts v) {
    long matrix = -1;
    long transfer = -1;
    long primaries = -1;
    long range = -1;
    long maxCll = -1;
    long maxFall = -1;
    for (long o = colour.data(); o < r.end(colour); ) {
      Element e = r.element(o, r.end(colour));
      if (e == null || e.unknownSize()) break;
      long id = e.id();
      if (id == MATRIX) matrix = r.unsigned(e);
      else if (id == TRANSFER) transfer = r.unsigned(e);
      else if (id == PRIMARIES) primaries = r.unsigned(e);
      else if (id == RANGE) range = r.unsigned(e);
      else if (id == BITS_PER_CHANNEL) v.containerBitDepth((int) Math.min(r.unsigned(e), 64));
      else if (id == MAX_CLL) maxCll = r.unsigned(e);
      else if (id == MAX_FALL) maxFall = r.unsigned(e);
      else if (id == MASTERING) readMastering(r, e, v);
      o = r.end(e);
    }
    if (matrix >= 0 || transfer >= 0 || primaries >= 0 || range >= 0) {
      v.containerColour(new ColourInfo(codePoint(primaries), codePoint(transfer), codePoint(matrix), range == 2));
    }
    if ((maxCll >= 0 || maxFall >= 0) && maxCll <= 65535 && maxFall <= 65535) {
      v.contentLight(new ContentLightLevel((int) Math.max(0, maxCll), (int) Math.max(0, maxFall)));
    }
  }

  private static int codePoint(long value) {
    return value >= 0 && value <= 255 ? (int) value : ColourInfo.UNSPECIFIED;
  }

  /** MasteringMetadata: floats, chromaticity 0..1 and luminance in cd/m², to the SEI units. */
  private static void readMastering(EbmlReader r, Element mastering, VideoFacts v) {
    double[] values = new double[10]; // R x, y, G x, y, B x, y, white x, y, max, min
    java.util.Arrays.fill(values, Double.NaN);
    for (long o = mastering.data(); o < r.end(mastering); ) {
      Element e = r.element(o, r.end(mastering));
      if (e == null || e.unknownSize()) break;
      long index = e.id() - 0x55D1;
      if (index >= 0 && index < 10) values[(int) index] = r.floating(e);
      o = r.end(e);
    }
    int[] c = new int[8];
    for (int i = 0; i < 8; i++) {
      if (!(values[i] >= 0 && values[i] <= 1)) return;
      c[i] = (int) Math.round(values[i] * 50_000);
    }
    if (!(values[8] >= 0 && values[8] < 429_496) || !(values[9] >= 0 && values[9] < 429_496)) return;
    v.mastering(new MasteringDisplay(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        Math.round(values[8] * 10_000), Math.round(values[9] * 10_000)));
  }

  static void readAudio(EbmlReader r, Element audio, TrackBuilder b) {
    double rate = Double.NaN;
    double output = Double.NaN;
    long channels = -1;
    long bits = -1;
    for (long o = audio.data(); o < r.end(audio); ) {
      Element e = r.element(o, r.end(audio));
      if (e == null || e.unknownSize()) break;
      if (e.id() == SAMPLING_FREQUENCY) rate = r.floating(e);
      else if (e.id() == OUTPUT_SAMPLING_FREQUENCY) output = r.floating(e);
      else if (e.id() == CHANNELS) channels = r.unsigned(e);
      else if (e.id() == BIT_DEPTH) bits = r.unsigned(e);
      o = r.end(e);
    }
    double hertz = output > 0 ? output : rate;
    b.audio(hertz > 0 && hertz < Integer.MAX_VALUE ? Math.round(hertz) : 0, channels, bits);
  }

  /** A BlockAdditionMapping whose type is {@code dvcC}, {@code dvvC} or {@code dvwC}: its extra data is the record. */
  static void readDolbyVision(EbmlReader r, Element mapping, TrackBuilder b) {
    long type = -1;
    byte[] extra = null;
    for (long o = mapping.data(); o < r.end(mapping); ) {
      Element e = r.element(o, r.end(mapping));
      if (e == null || e.unknownSize()) break;
      if (e.id() == BLOCK_ADD_ID_TYPE) type = r.unsigned(e);
      else if (e.id() == BLOCK_ADD_ID_EXTRA_DATA) extra = r.binary(e, 64);
      o = r.end(e);
    }
    if (extra == null || (type != 0x64766343L && type != 0x64767643L && type != 0x64767743L)) return;
    try {
      b.video().dolbyVision(HdrMetadata.dolbyVision(extra, 0, extra.length, b.entry()));
    } catch (BitstreamException e) {
      // an unreadable configuration: the track goes without it
    }
  }

  /** Adds to each entry's {@code cues} the cue points that name its track. */
  static void countCues(EbmlReader r, Element cues, List<Entry> entries) {
    int points = 0;
    for (long o = cues.data(); o < r.end(cues) && points < MAX_CUE_POINTS; points++) {
      Element point = r.element(o, r.end(cues));
      if (point == null || point.unknownSize()) return;
      if (point.id() == CUE_POINT) {
        for (long p = point.data(); p < r.end(point); ) {
          Element positions = r.element(p, r.end(point));
          if (positions == null || positions.unknownSize()) break;
          if (positions.id() == CUE_TRACK_POSITIONS) {
            for (long q = positions.data(); q < r.end(positions); ) {
              Element e = r.element(q, r.end(positions));
              if (e == null || e.unknownSize()) break;
              if (e.id() == CUE_TRACK) {
                long track = r.unsigned(e);
                for (Entry t : entries) if (t.number == track) t.cues++;
              }
              q = r.end(e);
            }
          }
          p = r.end(positions);
        }
      }
      o = r.end(point);
    }
  }

  /** The DURATION ({@code HH:MM:SS.nnnnnnnnn}) and BPS tags whose target is one track. */
  static void readTags(EbmlReader r, Element tags, List<Entry> entries) {
    for (long o = tags.data(); o < r.end(tags); ) {
      Element tag = r.element(o, r.end(tags));
      if (tag == null || tag.unknownSize()) return;
      if (tag.id() == TAG) readTag(r, tag, entries);
      o = r.end(tag);
    }
  }

  private static void readTag(EbmlReader r, Element tag, List<Entry> entries) {
    Long uid = null;
    String duration = null;
    String bps = null;
    for (long o = tag.data(); o < r.end(tag); ) {
      Element e = r.element(o, r.end(tag));
      if (e == null || e.unknownSize()) break;
      if (e.id() == TARGETS) {
        for (long p = e.data(); p < r.end(e); ) {
          Element t = r.element(p, r.end(e));
          if (t == null || t.unknownSize()) break;
          if (t.id() == TAG_TRACK_UID) uid = r.bits(t);
          p = r.end(t);
        }
      } else if (e.id() == SIMPLE_TAG) {
        String name = null;
        String value = null;
        for (long p = e.data(); p < r.end(e); ) {
          Element t = r.element(p, r.end(e));
          if (t == null || t.unknownSize()) break;
          if (t.id() == TAG_NAME) name = r.string(t, 64);
          else if (t.id() == TAG_STRING) value = r.string(t, 64);
          p = r.end(t);
        }
        if ("DURATION".equals(name)) duration = value;
        if ("BPS".equals(name)) bps = value;
      }
      o = r.end(e);
    }
    for (Entry t : entries) {
      if (uid == null || !uid.equals(t.uid)) continue;
      Duration d = parseDuration(duration);
      if (d != null) t.builder.duration(d);
      if (bps != null && bps.matches("[0-9]{1,15}")) t.builder.bitrate(Long.parseLong(bps));
    }
  }

  /** {@code HH:MM:SS.nnnnnnnnn} (fewer fraction digits allowed), or null. */
  static Duration parseDuration(String s) {
    if (s == null || !s.matches("[0-9]{1,6}:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?")) return null;
    String[] parts = s.split("[:.]");
    long nanos = 0;
    if (parts.length == 4) {
      String fraction = (parts[3] + "000000000").substring(0, 9);
      nanos = Long.parseLong(fraction);
    }
    return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
        .plusSeconds(Long.parseLong(parts[2])).plusNanos(nanos);
  }
}
