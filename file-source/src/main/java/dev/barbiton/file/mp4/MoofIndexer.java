package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.file.mp4.Fragment.Run;
import dev.barbiton.file.mp4.Movie.Track;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SegmentIndexer#build}: walks the top-level boxes of a complete file, reads {@code moov}
 * and every {@code moof}, and groups the fragments into segments.
 *
 * <p>A segment starts at each {@code moof} that has samples of the reference track. A {@code
 * moof} without them (files that put each track in its own {@code moof}) joins the segment before
 * it, or the first segment if it comes before any.
 */
final class MoofIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentIndexer.class);

  private MoofIndexer() {}

  /** What the top-level walk found. */
  private static final class Walk {
    String notIsoBmff;
    BoxHeader moov;
    final List<BoxHeader> moofs = new ArrayList<>();
    final List<Long> ends = new ArrayList<>();
    Mp4ParseException failure;
  }

  static Optional<SegmentIndex> build(RandomAccessSource source, long length) throws IOException {
    Walk walk = walk(source, length);
    if (walk.notIsoBmff != null) return none("not ISO BMFF: " + walk.notIsoBmff);
    Movie movie = null;
    Mp4ParseException moovFailure = null;
    if (walk.moov != null) {
      try {
        movie = SegmentIndexer.decode(walk.moov, () -> Movie.decode(TopLevel.read(source, walk.moov), walk.moov));
      } catch (Mp4ParseException e) {
        moovFailure = e;
      }
    }
    if (walk.moofs.isEmpty() && (movie == null || !movie.fragmented())) {
      Mp4ParseException failure = walk.failure != null ? walk.failure : moovFailure;
      return none(failure != null ? "no moof before a malformed box: " + failure.getMessage()
          : walk.moov == null ? "neither moov nor moof" : "no mvex and no moof: not fragmented");
    }
    if (walk.failure != null) throw walk.failure;
    if (moovFailure != null) throw moovFailure;
    if (walk.moofs.isEmpty()) return none("moov announces fragments (mvex) but there are none");
    BoxHeader first = walk.moofs.get(0);
    if (walk.moov == null) throw new Mp4ParseException("moof", first.offset(), "no moov before the first moof");
    List<Fragment> fragments = new ArrayList<>(walk.moofs.size());
    for (int i = 0; i < walk.moofs.size(); i++) {
      BoxHeader moof = walk.moofs.get(i);
      long end = walk.ends.get(i);
      Movie m = movie;
      fragments.add(SegmentIndexer.decode(moof, () -> Fragment.decode(TopLevel.read(source, moof), moof, end, m)));
    }
    Movie m = movie;
    return Optional.of(SegmentIndexer.decode(first, () -> index(m, fragments)));
  }

  private static Optional<SegmentIndex> none(String reason) {
    LOG.debug("No segment index: {}", reason);
    return Optional.empty();
  }

  /** Collects moov (if before the first moof) and every moof with the end of its mdats. */
  private static Walk walk(RandomAccessSource source, long length) throws IOException {
    Walk walk = new Walk();
    for (long offset = 0; offset < length; ) {
      if (offset > 0 && length - offset < 8) {
        LOG.debug("Ignoring {} bytes after the last box at {}", length - offset, offset);
        break;
      }
      BoxHeader box;
      try {
        box = TopLevel.header(source, offset, length, length);
      } catch (Mp4ParseException e) {
        if (offset == 0) {
          walk.notIsoBmff = e.getMessage();
        } else {
          walk.failure = e;
        }
        return walk;
      }
      if (offset == 0 && !BoxHeader.FIRST_BOXES.contains(box.type())) {
        walk.notIsoBmff = "starts with " + box.type();
        return walk;
      }
      switch (box.type()) {
        case "moov":
          if (walk.moov == null && walk.moofs.isEmpty()) walk.moov = box;
          break;
        case "moof":
          if (walk.moofs.size() == SegmentIndexer.MAX_FRAGMENTS) {
            walk.failure = new Mp4ParseException("moof", offset, "more than " + SegmentIndexer.MAX_FRAGMENTS + " fragments");
            return walk;
          }
          walk.moofs.add(box);
          walk.ends.add(box.end());
          break;
        case "mdat":
          if (!walk.moofs.isEmpty()) walk.ends.set(walk.ends.size() - 1, box.end());
          break;
        default:
          break;
      }
      offset = box.end();
    }
    return walk;
  }

  /** Groups fragments into segments on the reference track. */
  private static SegmentIndex index(Movie movie, List<Fragment> fragments) throws Mp4ParseException {
    Set<Integer> present = new LinkedHashSet<>();
    for (Fragment f : fragments) {
      for (Run run : f.runs()) present.add(run.trackId());
    }
    Fragment first = fragments.get(0);
    Track reference = movie.referenceTrack(present).orElseThrow(
        () -> new Mp4ParseException("moof", first.offset(), "no moof has a traf"));
    Map<Integer, Long> clock = new HashMap<>();
    List<Segment> segments = new ArrayList<>();
    Group group = null;
    for (Fragment f : fragments) {
      Run referenceRun = null;
      long referenceBase = 0;
      for (Run run : f.runs()) {
        long base = run.baseDecodeTime().orElse(clock.getOrDefault(run.trackId(), 0L));
        clock.put(run.trackId(), Math.addExact(base, run.duration()));
        if (run.trackId() == reference.id()) {
          referenceRun = run;
          referenceBase = base;
        }
      }
      if (group != null && group.run != null && referenceRun != null) {
        segments.add(group.segment(reference.timescale(), segments));
        group = null;
      }
      if (group == null) group = new Group(f.offset());
      group.add(f, referenceRun, referenceBase);
    }
    segments.add(group.segment(reference.timescale(), segments));
    return new SegmentIndex(new ByteRange(0, first.offset()), segments, movie.timescales(),
        reference.id(), false);
  }

  /** The fragments of one segment being collected. */
  private static final class Group {
    final long offset;
    final Set<Integer> trackIds = new LinkedHashSet<>();
    long end;
    Run run;
    long base;
    long runOffset;

    Group(long offset) {
      this.offset = offset;
    }

    void add(Fragment f, Run referenceRun, long referenceBase) {
      for (Run r : f.runs()) trackIds.add(r.trackId());
      end = f.end();
      if (referenceRun != null) {
        run = referenceRun;
        base = referenceBase;
        runOffset = f.offset();
      }
    }

    Segment segment(long timescale, List<Segment> before) throws Mp4ParseException {
      long start = Ticks.toMillis(base, timescale);
      long endMillis = Ticks.toMillis(Math.addExact(base, run.duration()), timescale);
      if (!before.isEmpty() && start < before.get(before.size() - 1).startMillis()) {
        throw new Mp4ParseException("moof", runOffset, "reference track goes back in time to "
            + start + " ms from " + before.get(before.size() - 1).startMillis() + " ms");
      }
      if (run.sampleCount() > Integer.MAX_VALUE) {
        throw new Mp4ParseException("moof", runOffset, "sample count " + run.sampleCount() + " > 2^31 - 1");
      }
      return new Segment(offset, end - offset, List.copyOf(trackIds), base, run.duration(), start,
          endMillis - start, (int) run.sampleCount(), run.startsWithSync());
    }
  }
}
