package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.TrackBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tracks of an ISO BMFF {@code moov} box (ISO/IEC 14496-12 8.2 to 8.6): for each {@code
 * trak}, its ID ({@code tkhd}), kind ({@code hdlr}), media duration ({@code mdhd}), first sample
 * entry with its configuration boxes ({@code stsd}, read by {@link Mp4SampleEntry}), and from the
 * sample tables its frame rate ({@code stts}), average bitrate ({@code stsz}/{@code stz2}) and
 * keyframe interval ({@code stss}).
 *
 * <p>Works on bytes that may end inside the box (a sniffing window): a {@code trak} is reported
 * once its sample description is read, with what its boxes in the bytes state. Bounded: at most
 * {@link #MAX_TRACKS} tracks and {@link #MAX_BOXES} box headers; counts in the sample tables are
 * checked against their box's size before use.
 */
final class Mp4Tracks {
  static final int MAX_TRACKS = 64;
  private static final int MAX_BOXES = 4096;
  private static final Set<String> TRACK_PATH = Set.of("mdia", "minf", "stbl");

  private final SniffWindow w;
  private final ByteBuffer bytes;
  private final long origin;
  private int boxesRead;
  /** The movie's timescale ({@code mvhd}), in which track headers state durations; 0 if unknown. */
  private long movieTimescale;

  private Mp4Tracks(ByteBuffer bytes, long origin) {
    this.bytes = bytes;
    this.origin = origin;
    this.w = new SniffWindow(bytes, Integer.MAX_VALUE);
  }

  /**
   * A track read from a {@code trak}, whether all of that {@code trak} was in the bytes, and its
   * media timescale (0 if unknown).
   */
  record Read(TrackDetails track, boolean whole, long timescale) {}

  /**
   * Reads the {@code trak} boxes of {@code moov} from {@code bytes} (index 0 = absolute offset
   * {@code origin}, position 0); never throws for any content.
   */
  static List<Read> read(ByteBuffer bytes, long origin, BoxHeader moov) {
    Mp4Tracks reader = new Mp4Tracks(bytes, origin);
    List<Read> tracks = new ArrayList<>();
    try {
      BoxIterator children = BoxIterator.children(bytes, origin, moov);
      for (BoxHeader child; tracks.size() < MAX_TRACKS && (child = reader.next(children)) != null; ) {
        if (child.type().equals("mvhd")) reader.mvhd(child);
        if (!child.type().equals("trak")) continue;
        Read read = reader.trak(child);
        if (read != null) tracks.add(read);
      }
    } catch (MalformedBoxException e) {
      // the bytes end inside moov, or a child is malformed: the tracks read stand
    }
    return tracks;
  }

  private void mvhd(BoxHeader box) {
    long p = box.payloadOffset() - origin;
    if (!fits(box, 4)) return;
    long scale = p + 4 + (w.u8(p) == 1 ? 16 : 8);
    if (fits(box, scale - p + 4)) movieTimescale = w.u32(scale);
  }

  /** Mutable state of one trak walk. */
  private static final class Trak {
    final TrackBuilder builder = new TrackBuilder();
    long timescale;
    long mediaDuration = -1;
    /** The track header's duration, in the movie's timescale: the sum of its edits; -1 if unknown. */
    long presentationDuration = -1;
    long samples = -1;
    long sampleTicks = -1;
    long sampleBytes = -1;
    long syncSamples = -1;
    boolean sampleEntry;
    boolean whole = true;
  }

  private Read trak(BoxHeader trak) {
    Trak t = new Trak();
    walk(trak, t, 0);
    if (trak.end() - origin > w.length()) t.whole = false;
    if (!t.sampleEntry) return null;
    TrackBuilder b = t.builder;
    if (t.presentationDuration > 0 && movieTimescale > 0) {
      b.duration(ticks(t.presentationDuration, movieTimescale)); // what plays, edits applied
    } else if (t.timescale > 0 && t.mediaDuration > 0) {
      b.duration(ticks(t.mediaDuration, t.timescale));
    }
    if (t.timescale > 0 && t.mediaDuration > 0) {
      if (t.sampleBytes > 0) {
        // As FFmpeg's mov demuxer: bytes * 8 * timescale / duration, rounded.
        double bits = t.sampleBytes * 8.0 * t.timescale / t.mediaDuration;
        if (bits < Long.MAX_VALUE) b.bitrate(Math.round(bits));
      }
    }
    if (b.kind() == Kind.VIDEO && t.samples > 0 && t.sampleTicks > 0 && t.timescale > 0) {
      b.frameRate(t.samples * (double) t.timescale / t.sampleTicks);
    }
    if (t.syncSamples > 1 && t.samples > 0 && t.syncSamples < t.samples && t.timescale > 0 && t.mediaDuration > 0) {
      b.keyframeInterval(ticks(t.mediaDuration / t.syncSamples, t.timescale));
    }
    return new Read(b.build(), t.whole, t.timescale);
  }

  private void walk(BoxHeader parent, Trak t, int depth) {
    try {
      BoxIterator children = BoxIterator.children(bytes, origin, parent);
      for (BoxHeader box; (box = next(children)) != null; ) {
        long payload = box.payloadOffset() - origin;
        switch (box.type()) {
          case "tkhd": tkhd(box, payload, t); break;
          case "mdhd": mdhd(box, payload, t); break;
          case "hdlr": hdlr(payload, t); break;
          case "stsd": stsd(box, payload, t); break;
          case "stts": stts(box, payload, t); break;
          case "stsz": stsz(box, payload, t); break;
          case "stz2": stz2(box, payload, t); break;
          case "stss": stss(box, payload, t); break;
          default:
            if (TRACK_PATH.contains(box.type()) && depth < 4) walk(box, t, depth + 1);
        }
      }
    } catch (MalformedBoxException e) {
      t.whole = false; // cut short or malformed: what was read stands
    }
  }

  private void tkhd(BoxHeader box, long p, Trak t) {
    if (!fits(box, 4)) return;
    int version = w.u8(p);
    long id = p + 4 + (version == 1 ? 16 : 8);
    if (fits(box, id - p + 4)) t.builder.id(w.u32(id));
    long duration = id + 8;
    if (fits(box, duration - p + (version == 1 ? 8 : 4))) {
      long d = version == 1 ? w.u64(duration) : w.u32(duration);
      t.presentationDuration = d < 0 || d == 0xFFFFFFFFL ? -1 : d;
    }
    long size = id + 4 + 4 + (version == 1 ? 8 : 4) + 8 + 8 + 36;
    if (fits(box, size - p + 8)) t.builder.video().containerSize(w.u32(size) >>> 16, w.u32(size + 4) >>> 16);
  }

  private void mdhd(BoxHeader box, long p, Trak t) {
    if (!fits(box, 4)) return;
    int version = w.u8(p);
    long scale = p + 4 + (version == 1 ? 16 : 8);
    if (!fits(box, scale - p + (version == 1 ? 12 : 8))) return;
    t.timescale = w.u32(scale);
    long duration = version == 1 ? w.u64(scale + 4) : w.u32(scale + 4);
    // All ones means unknown (14496-12 8.4.2.3).
    boolean unknown = version == 1 ? duration == -1 : duration == 0xFFFFFFFFL;
    t.mediaDuration = unknown || duration < 0 ? -1 : duration;
  }

  private void hdlr(long p, Trak t) {
    String handler = w.fourCc(p + 8);
    if (handler == null) return;
    if (handler.equals("vide")) t.builder.kind(Kind.VIDEO);
    else if (handler.equals("soun")) t.builder.kind(Kind.AUDIO);
  }

  private void stsd(BoxHeader stsd, long p, Trak t) throws MalformedBoxException {
    if (t.sampleEntry || !fits(stsd, 8)) return;
    BoxIterator entries = BoxIterator.children(bytes, origin, stsd, BoxHeader.VERSION_AND_FLAGS + 4);
    BoxHeader entry = w.u32(p + 4) > 0 ? next(entries) : null;
    if (entry == null) return;
    t.sampleEntry = new Mp4SampleEntry(w, bytes, origin, t.builder).read(entry);
  }

  private void stts(BoxHeader box, long p, Trak t) {
    long count = tableCount(box, p, 8);
    if (count < 0) return;
    long samples = 0;
    long ticks = 0;
    for (long i = 0; i < count; i++) {
      long n = w.u32(p + 8 + 8 * i);
      samples += n;
      ticks = saturatedAdd(ticks, saturatedMultiply(n, w.u32(p + 12 + 8 * i)));
    }
    if (ticks == Long.MAX_VALUE) return; // no real track lasts 2^63 ticks
    t.samples = samples;
    t.sampleTicks = ticks;
  }

  private void stsz(BoxHeader box, long p, Trak t) {
    if (!fits(box, 12)) return;
    long size = w.u32(p + 4);
    long count = w.u32(p + 8);
    if (size != 0) {
      long total = saturatedMultiply(size, count);
      if (total < Long.MAX_VALUE) t.sampleBytes = total;
      return;
    }
    if (count * 4 > box.end() - origin - (p + 12) || !w.has(p + 12, count * 4)) return;
    long total = 0;
    for (long i = 0; i < count; i++) total += w.u32(p + 12 + 4 * i);
    t.sampleBytes = total;
  }

  private void stz2(BoxHeader box, long p, Trak t) {
    if (!fits(box, 12)) return;
    int field = w.u8(p + 7);
    long count = w.u32(p + 8);
    if (field != 4 && field != 8 && field != 16) return;
    long bytesNeeded = (count * field + 7) / 8;
    if (bytesNeeded > box.end() - origin - (p + 12) || !w.has(p + 12, bytesNeeded)) return;
    long total = 0;
    for (long i = 0; i < count; i++) {
      if (field == 16) total += w.u16(p + 12 + 2 * i);
      else if (field == 8) total += w.u8(p + 12 + i);
      else total += (w.u8(p + 12 + i / 2) >>> ((i & 1) == 0 ? 4 : 0)) & 0xF;
    }
    t.sampleBytes = total;
  }

  private void stss(BoxHeader box, long p, Trak t) {
    long count = tableCount(box, p, 4);
    if (count >= 0) t.syncSamples = count;
  }

  /** A full box's entry_count whose entries of {@code entrySize} bytes all lie in the box and the bytes; -1 if not. */
  private long tableCount(BoxHeader box, long p, int entrySize) {
    if (!fits(box, 8)) return -1;
    long count = w.u32(p + 4);
    long need = count * entrySize;
    return need <= box.end() - origin - (p + 8) && w.has(p + 8, need) ? count : -1;
  }

  /** True if the box's payload has {@code count} bytes and they are in the bytes at hand. */
  private boolean fits(BoxHeader box, long count) {
    long p = box.payloadOffset() - origin;
    return box.size() - box.headerSize() >= count && w.has(p, count);
  }

  private BoxHeader next(BoxIterator boxes) throws MalformedBoxException {
    if (boxesRead >= MAX_BOXES || !boxes.hasNext()) return null;
    boxesRead++;
    return boxes.next();
  }

  private static long saturatedMultiply(long a, long b) {
    // a and b are never negative here (unsigned 32-bit fields)
    return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  static Duration ticks(long ticks, long timescale) {
    long seconds = ticks / timescale;
    long nanos = (ticks % timescale) * 1_000_000_000L / timescale;
    return Duration.ofSeconds(seconds, nanos);
  }

  /** {@link BitstreamException} is a parse failure of one configuration: it leaves the track without it. */
  static void ignore(BitstreamException e) {
    // what was read before the failure stands
  }
}
