package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.mp4.Movie.TrackDefaults;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the index needs from one {@code moof} box: for each track in it, the decode time of its
 * first sample ({@code traf/tfdt}), the number of samples and their total duration ({@code
 * traf/trun}, with {@code tfhd} and {@code trex} defaults), and whether the first sample is a sync
 * sample (ISO/IEC 14496-12 8.8.7, 8.8.8, 8.8.12).
 *
 * @param offset the absolute offset of the {@code moof}
 * @param end one past the last byte of the fragment: the end of the last {@code mdat} between this
 *     {@code moof} and the next top-level {@code moof}, or the end of the {@code moof} if none
 * @param runs one per track, in order of first appearance; several {@code traf}s of one track are
 *     summed, the first giving the decode time
 */
record Fragment(long offset, long end, List<Run> runs) {

  /**
   * The samples of one track in one fragment.
   *
   * @param baseDecodeTime from {@code tfdt}, absent if the fragment has none for the track
   * @param duration the sum of the sample durations, in the track's timescale
   * @param startsWithSync whether the first sample is a sync sample; true if there are none
   */
  record Run(int trackId, OptionalLong baseDecodeTime, long sampleCount, long duration,
      boolean startsWithSync) {}

  private static final int TFHD_BASE_DATA_OFFSET = 0x1;
  private static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x2;
  private static final int TFHD_DEFAULT_DURATION = 0x8;
  private static final int TFHD_DEFAULT_SIZE = 0x10;
  private static final int TFHD_DEFAULT_FLAGS = 0x20;
  private static final int TRUN_DATA_OFFSET = 0x1;
  private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x4;
  private static final int TRUN_DURATION = 0x100;
  private static final int TRUN_SIZE = 0x200;
  private static final int TRUN_FLAGS = 0x400;
  private static final int TRUN_COMPOSITION_OFFSET = 0x800;
  /** sample_is_non_sync_sample in the sample flags (ISO/IEC 14496-12 8.8.3.1). */
  private static final long NON_SYNC = 0x10000;

  Fragment {
    runs = List.copyOf(runs);
  }

  Optional<Run> run(int trackId) {
    return runs.stream().filter(r -> r.trackId() == trackId).findFirst();
  }

  /**
   * Decodes {@code moof}, whose bytes are {@code bytes} (index 0 = {@code moof.offset()}).
   *
   * @throws Mp4ParseException if a box is malformed, a {@code traf} lacks a {@code tfhd} before
   *     its {@code trun}s or names a track that {@code movie} does not have, a {@code trun} has
   *     samples but no duration for them, or a total overflows
   */
  static Fragment decode(ByteBuffer bytes, BoxHeader moof, long end, Movie movie)
      throws Mp4ParseException {
    Map<Integer, Accumulator> byTrack = new LinkedHashMap<>();
    for (Children c = new Children(bytes, moof.offset(), moof); c.hasNext(); ) {
      BoxHeader traf = c.next();
      if (traf.type().equals("traf")) decodeTraf(bytes, moof.offset(), traf, movie, byTrack);
    }
    List<Run> runs = new ArrayList<>();
    for (Accumulator a : byTrack.values()) {
      runs.add(new Run(a.trackId, a.baseDecodeTime, a.sampleCount, a.duration,
          a.firstSampleFlags == null || (a.firstSampleFlags & NON_SYNC) == 0));
    }
    return new Fragment(moof.offset(), end, runs);
  }

  private static final class Accumulator {
    final int trackId;
    OptionalLong baseDecodeTime = OptionalLong.empty();
    long sampleCount;
    long duration;
    Long firstSampleFlags;

    Accumulator(int trackId) {
      this.trackId = trackId;
    }
  }

  private static void decodeTraf(ByteBuffer bytes, long base, BoxHeader traf, Movie movie,
      Map<Integer, Accumulator> byTrack) throws Mp4ParseException {
    Accumulator a = null;
    Long defaultDuration = null;
    long defaultFlags = 0;
    boolean timed = false;
    for (Children c = new Children(bytes, base, traf); c.hasNext(); ) {
      BoxHeader child = c.next();
      switch (child.type()) {
        case "tfhd": {
          BoxReader r = new BoxReader(bytes, base, child).fullBox();
          if (a != null) throw r.error("second tfhd in one traf");
          int trackId = r.trackId();
          if (!movie.track(trackId).isPresent()) throw r.error("track_ID " + trackId + " not in moov");
          a = byTrack.computeIfAbsent(trackId, Accumulator::new);
          timed = a.sampleCount > 0 || a.baseDecodeTime.isPresent();
          TrackDefaults trex = movie.defaults().get(trackId);
          if (r.flag(TFHD_BASE_DATA_OFFSET)) r.skip(8);
          if (r.flag(TFHD_SAMPLE_DESCRIPTION_INDEX)) r.skip(4);
          if (r.flag(TFHD_DEFAULT_DURATION)) {
            defaultDuration = r.u32();
          } else if (trex != null) {
            defaultDuration = trex.sampleDuration();
          }
          if (r.flag(TFHD_DEFAULT_SIZE)) r.skip(4);
          if (r.flag(TFHD_DEFAULT_FLAGS)) {
            defaultFlags = r.u32();
          } else if (trex != null) {
            defaultFlags = trex.sampleFlags();
          }
          break;
        }
        case "tfdt": {
          BoxReader r = new BoxReader(bytes, base, child).fullBox();
          long time = r.u32or64("baseMediaDecodeTime");
          if (a == null) throw r.error("tfdt before tfhd");
          if (!timed) a.baseDecodeTime = OptionalLong.of(time);
          timed = true;
          break;
        }
        case "trun": {
          BoxReader r = new BoxReader(bytes, base, child).fullBox();
          if (a == null) throw r.error("trun before tfhd");
          decodeTrun(r, a, defaultDuration, defaultFlags);
          break;
        }
        default:
          break;
      }
    }
    if (a == null) throw new Mp4ParseException("traf", traf.offset(), "no tfhd");
  }

  private static void decodeTrun(BoxReader r, Accumulator a, Long defaultDuration,
      long defaultFlags) throws Mp4ParseException {
    long count = r.u32();
    if (r.flag(TRUN_DATA_OFFSET)) r.skip(4);
    Long firstFlags = r.flag(TRUN_FIRST_SAMPLE_FLAGS) ? r.u32() : null;
    int perSample = 4 * Integer.bitCount(r.flags() & 0xf00);
    r.need(count * perSample, "sample_count " + count);
    if (count > 0 && !r.flag(TRUN_DURATION) && defaultDuration == null) {
      throw r.error("no sample duration in trun, tfhd or trex");
    }
    long duration = 0;
    Long sampleFlags = null;
    try {
      if (perSample == 0) {
        duration = count == 0 ? 0 : Math.multiplyExact(count, defaultDuration);
      } else {
        for (long i = 0; i < count; i++) {
          duration = Math.addExact(duration, r.flag(TRUN_DURATION) ? r.u32() : defaultDuration);
          if (r.flag(TRUN_SIZE)) r.skip(4);
          long flags = r.flag(TRUN_FLAGS) ? r.u32() : defaultFlags;
          if (i == 0) sampleFlags = flags;
          if (r.flag(TRUN_COMPOSITION_OFFSET)) r.skip(4);
        }
      }
      a.duration = Math.addExact(a.duration, duration);
    } catch (ArithmeticException e) {
      throw r.error("total sample duration overflows");
    }
    if (count > 0 && a.firstSampleFlags == null) {
      a.firstSampleFlags = firstFlags != null ? firstFlags : sampleFlags != null ? sampleFlags : defaultFlags;
    }
    a.sampleCount += count; // at most 2^32 per trun and 2^21 truns in a 16 MiB moof: no overflow
  }
}
