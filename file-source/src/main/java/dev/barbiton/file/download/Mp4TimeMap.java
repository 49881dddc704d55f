package dev.barbiton.file.download;

import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps a time range of a plain (not fragmented) MP4 to bytes from its {@code moov}'s sample
 * tables: each track's decode times ({@code stts}), sizes ({@code stsz}), chunks ({@code stsc},
 * {@code stco}/{@code co64}) and sync samples ({@code stss}). The samples of every track that
 * decode in the range, from the sync sample at or before its start, lie somewhere in the {@code
 * mdat}; since tracks are interleaved (a second of video, a second of audio), the map is the span
 * from the first such sample to the end of the last, so a demuxer that reads in file order finds
 * every byte it reads before the range's end.
 *
 * <p>Bounded: the {@code moov} is read only up to {@link #MAX_MOOV}, at most {@link #MAX_SAMPLES}
 * samples per track are walked; anything malformed is a {@link TimeRangeException}.
 */
final class Mp4TimeMap {
  static final int MAX_MOOV = 64 << 20;
  static final int MAX_SAMPLES = 50_000_000;

  /** One track's samples, as their tables give them. */
  private record Track(String handler, long timescale, long[] sttsCounts, long[] sttsDeltas, long[] sizes,
      long fixedSize, long sampleCount, long[] stscFirst, long[] stscSamples, long[] chunkOffsets, long[] syncSamples) {}

  private Mp4TimeMap() {}

  /**
   * The span {@code [start, end)} of the samples decoding in {@code [fromMillis, toMillis)} (to
   * the end when {@code toMillis} is {@link Long#MAX_VALUE}), or empty when no sample does.
   */
  static Optional<long[]> span(ByteBuffer moov, BoxHeader box, long fromMillis, long toMillis) throws TimeRangeException {
    List<Track> tracks = new ArrayList<>();
    try {
      BoxIterator children = BoxIterator.children(moov, box.offset(), box);
      while (children.hasNext()) {
        BoxHeader trak = children.next();
        if (trak.type().equals("trak")) {
          Track t = track(moov, box.offset(), trak);
          if (t != null) tracks.add(t);
        }
      }
    } catch (MalformedBoxException | RuntimeException e) {
      throw new TimeRangeException("malformed moov at " + box.offset() + ": " + e.getMessage(), e);
    }
    if (tracks.isEmpty()) throw new TimeRangeException("moov at " + box.offset() + " has no track with sample tables");
    long start = Long.MAX_VALUE;
    long end = -1;
    for (Track t : tracks) {
      long[] span = trackSpan(t, fromMillis, toMillis);
      if (span == null) continue;
      start = Math.min(start, span[0]);
      end = Math.max(end, span[1]);
    }
    return end < 0 ? Optional.empty() : Optional.of(new long[] {start, end});
  }

  private static long[] trackSpan(Track t, long fromMillis, long toMillis) throws TimeRangeException {
    long fromTick = ticks(fromMillis, t.timescale);
    long toTick = toMillis == Long.MAX_VALUE ? Long.MAX_VALUE : ticks(toMillis, t.timescale);
    // The sample at fromTick, then back to its sync sample (a decoder starts at a keyframe).
    long first = sampleAt(t, fromTick);
    if (first >= t.sampleCount) return null;
    if (t.syncSamples != null) {
      long sync = 0;
      for (long s : t.syncSamples) {
        if (s - 1 <= first) sync = s - 1; else break;
      }
      first = sync;
    }
    long start = Long.MAX_VALUE;
    long end = -1;
    long sample = 0;
    long dts = 0;
    int sttsEntry = 0;
    long sttsLeft = t.sttsCounts.length > 0 ? t.sttsCounts[0] : 0;
    int stscEntry = 0;
    for (int chunk = 0; chunk < t.chunkOffsets.length && sample < t.sampleCount; chunk++) {
      while (stscEntry + 1 < t.stscFirst.length && t.stscFirst[stscEntry + 1] - 1 <= chunk) stscEntry++;
      long inChunk = t.stscSamples[stscEntry];
      long pos = t.chunkOffsets[chunk];
      for (long i = 0; i < inChunk && sample < t.sampleCount; i++, sample++) {
        long size = t.sizes == null ? t.fixedSize : t.sizes[(int) sample];
        if (sample >= first && dts < toTick) {
          start = Math.min(start, pos);
          end = Math.max(end, pos + size);
        }
        if (dts >= toTick) return end < 0 ? null : new long[] {start, end};
        pos += size;
        while (sttsLeft == 0 && sttsEntry + 1 < t.sttsCounts.length) sttsLeft = t.sttsCounts[++sttsEntry];
        dts += sttsEntry < t.sttsDeltas.length ? t.sttsDeltas[sttsEntry] : 0;
        sttsLeft--;
      }
    }
    return end < 0 ? null : new long[] {start, end};
  }

  /** The index of the first sample whose decode time is at or after {@code tick}. */
  private static long sampleAt(Track t, long tick) {
    long sample = 0;
    long dts = 0;
    for (int i = 0; i < t.sttsCounts.length; i++) {
      long count = t.sttsCounts[i];
      long delta = t.sttsDeltas[i];
      if (delta > 0 && dts + count * delta > tick) return sample + Math.max(0, (tick - dts + delta - 1) / delta);
      sample += count;
      dts += count * delta;
    }
    return sample;
  }

  private static long ticks(long millis, long timescale) throws TimeRangeException {
    try {
      return Math.multiplyExact(millis, timescale) / 1000;
    } catch (ArithmeticException e) {
      throw new TimeRangeException("time " + millis + " ms overflows timescale " + timescale);
    }
  }

  private static Track track(ByteBuffer b, long origin, BoxHeader trak) throws MalformedBoxException, TimeRangeException {
    BoxHeader mdia = child(b, origin, trak, "mdia", 0);
    if (mdia == null) return null;
    BoxHeader mdhd = child(b, origin, mdia, "mdhd", 0);
    BoxHeader hdlr = child(b, origin, mdia, "hdlr", 0);
    BoxHeader minf = child(b, origin, mdia, "minf", 0);
    BoxHeader stbl = minf == null ? null : child(b, origin, minf, "stbl", 0);
    if (mdhd == null || stbl == null) return null;
    int p = at(origin, mdhd.payloadOffset());
    int version = b.get(p) & 0xff;
    long timescale = u32(b, p + 4 + (version == 1 ? 16 : 8));
    if (timescale == 0) throw new TimeRangeException("track with timescale 0 at " + mdhd.offset());
    String handler = hdlr == null ? "" : BoxHeader.typeName(b.getInt(at(origin, hdlr.payloadOffset()) + 8));
    BoxHeader stts = child(b, origin, stbl, "stts", 0);
    BoxHeader stsz = child(b, origin, stbl, "stsz", 0);
    BoxHeader stsc = child(b, origin, stbl, "stsc", 0);
    BoxHeader stco = child(b, origin, stbl, "stco", 0);
    BoxHeader co64 = child(b, origin, stbl, "co64", 0);
    BoxHeader stss = child(b, origin, stbl, "stss", 0);
    if (stts == null || stsz == null || stsc == null || (stco == null && co64 == null)) return null;
    long[][] timeToSample = table(b, origin, stts, 2);
    int z = at(origin, stsz.payloadOffset()) + 4;
    long fixed = u32(b, z);
    long count = u32(b, z + 4);
    if (count > MAX_SAMPLES) throw new TimeRangeException("track has " + count + " samples, more than " + MAX_SAMPLES);
    long[] sizes = null;
    if (fixed == 0) {
      checkFits(stsz, 12 + 4 * count);
      sizes = new long[(int) count];
      for (int i = 0; i < count; i++) sizes[i] = u32(b, z + 8 + 4 * i);
    }
    long[][] sampleToChunk = table(b, origin, stsc, 3);
    if (sampleToChunk[0].length == 0) throw new TimeRangeException("empty stsc at " + stsc.offset());
    long[] offsets;
    if (co64 != null) {
      int c = at(origin, co64.payloadOffset()) + 4;
      long n = u32(b, c);
      checkFits(co64, 8 + 8 * n);
      offsets = new long[(int) n];
      for (int i = 0; i < n; i++) offsets[i] = b.getLong(c + 4 + 8 * i);
    } else {
      offsets = table(b, origin, stco, 1)[0];
    }
    long[] sync = stss == null ? null : table(b, origin, stss, 1)[0];
    return new Track(handler, timescale, timeToSample[0], timeToSample[1], sizes, fixed, count,
        sampleToChunk[0], sampleToChunk[1], offsets, sync);
  }

  /** A full box of {@code entry_count} rows of {@code columns} u32s, column by column. */
  private static long[][] table(ByteBuffer b, long origin, BoxHeader box, int columns) throws TimeRangeException {
    int p = at(origin, box.payloadOffset()) + 4;
    long n = u32(b, p);
    checkFits(box, 8 + 4L * columns * n);
    long[][] out = new long[columns][(int) n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < columns; c++) out[c][i] = u32(b, p + 4 + 4 * (columns * i + c));
    }
    return out;
  }

  private static void checkFits(BoxHeader box, long payloadBytes) throws TimeRangeException {
    if (payloadBytes > box.size() - box.headerSize()) {
      throw new TimeRangeException(box.type() + " at " + box.offset() + " needs " + payloadBytes + " bytes, has " + (box.size() - box.headerSize()));
    }
  }

  private static BoxHeader child(ByteBuffer b, long origin, BoxHeader parent, String type, long fields) throws MalformedBoxException {
    BoxIterator it = BoxIterator.children(b, origin, parent, fields);
    while (it.hasNext()) {
      BoxHeader h = it.next();
      if (h.type().equals(type)) return h;
    }
    return null;
  }

  private static int at(long origin, long offset) {
    return Math.toIntExact(offset - origin);
  }

  private static long u32(ByteBuffer b, int index) {
    return b.getInt(index) & 0xffffffffL;
  }

  /** Reads {@code box} whole from {@code source}: its bytes at indexes 0.. are at absolute {@code box.offset()}. */
  static ByteBuffer read(RandomAccessSource source, BoxHeader box) throws IOException {
    if (box.size() > MAX_MOOV) throw new TimeRangeException(box.type() + " at " + box.offset() + " is " + box.size() + " bytes, more than " + MAX_MOOV);
    ByteBuffer buf = ByteBuffer.allocate((int) box.size());
    TimeRangePlanner.readFully(source, box.offset(), buf);
    return buf;
  }
}
