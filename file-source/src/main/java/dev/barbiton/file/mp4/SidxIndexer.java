package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.file.mp4.Sidx.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SegmentIndexer#fromSidx}: reads the boxes before the first {@code moof} that are already
 * available and turns the {@code sidx} of the reference track into a provisional index.
 */
final class SidxIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentIndexer.class);

  /** More boxes than this before the media is not a file with a leading index. */
  private static final int MAX_LEADING_BOXES = 64;

  private SidxIndexer() {}

  static Optional<SegmentIndex> fromSidx(RandomAccessSource source, long available) throws IOException {
    BoxHeader moov = null;
    List<BoxHeader> sidxBoxes = new ArrayList<>();
    boolean reachedMedia = false;
    long offset = 0;
    for (int boxes = 0; boxes < MAX_LEADING_BOXES && available - offset >= 8; boxes++) {
      BoxHeader box;
      try {
        box = TopLevel.header(source, offset, Long.MAX_VALUE, available);
      } catch (Mp4ParseException e) {
        if (offset == 0) return none("not ISO BMFF: " + e.getMessage());
        LOG.debug("Leading boxes end at a header that cannot be read yet: {}", e.getMessage());
        break;
      }
      if (offset == 0 && !BoxHeader.FIRST_BOXES.contains(box.type())) {
        return none("not ISO BMFF: starts with " + box.type());
      }
      if (box.type().equals("moof") || box.type().equals("mdat")) {
        reachedMedia = true;
        break;
      }
      if (box.end() > available) break;
      if (box.type().equals("moov") && moov == null) moov = box;
      if (box.type().equals("sidx")) sidxBoxes.add(box);
      offset = box.end();
    }
    if (sidxBoxes.isEmpty()) return none("no complete sidx in the first " + available + " bytes");

    BoxHeader moovBox = moov;
    Optional<Movie> movie = moov == null ? Optional.empty() : Optional.of(
        SegmentIndexer.decode(moov, () -> Movie.decode(TopLevel.read(source, moovBox), moovBox)));
    List<Sidx> indexes = new ArrayList<>();
    for (BoxHeader box : sidxBoxes) {
      indexes.add(SegmentIndexer.decode(box, () -> Sidx.decode(TopLevel.read(source, box), box)));
    }
    Optional<Integer> preferred = movie.flatMap(m -> m.referenceTrack(m.timescales().keySet()))
        .map(Movie.Track::id);
    Sidx chosen = indexes.stream()
        .filter(s -> preferred.isPresent() && s.referenceId() == preferred.get())
        .findFirst().orElse(null);
    if (chosen == null) {
      if (preferred.isPresent() && !reachedMedia) {
        return none("the sidx of track " + preferred.get() + " may follow; not available yet");
      }
      chosen = indexes.get(0);
    }
    if (chosen.references().isEmpty()) return none("sidx at " + chosen.offset() + " is empty");
    if (chosen.references().stream().anyMatch(Reference::toIndex)) {
      return none("sidx at " + chosen.offset() + " refers to other sidx boxes (not supported)");
    }
    Sidx index = chosen;
    Map<Integer, Long> timescales = new LinkedHashMap<>(movie.map(Movie::timescales).orElse(Map.of()));
    timescales.putIfAbsent(index.referenceId(), index.timescale());
    return Optional.of(SegmentIndexer.decode(sidxBoxes.get(indexes.indexOf(index)),
        () -> index(index, indexes, timescales)));
  }

  private static Optional<SegmentIndex> none(String reason) {
    LOG.debug("No provisional segment index: {}", reason);
    return Optional.empty();
  }

  private static SegmentIndex index(Sidx chosen, List<Sidx> all, Map<Integer, Long> timescales) {
    // Tracks whose own sidx describes the very same ranges share those ranges (FFmpeg's
    // global_sidx writes one sidx per track, each over the same interleaved fragments).
    List<Integer> trackIds = new ArrayList<>(List.of(chosen.referenceId()));
    for (Sidx other : all) {
      if (!trackIds.contains(other.referenceId()) && sameRanges(chosen, other)) trackIds.add(other.referenceId());
    }
    long timescale = timescales.get(chosen.referenceId());
    List<Segment> segments = new ArrayList<>(chosen.references().size());
    long position = chosen.firstReference();
    long time = chosen.earliestPresentationTime();
    for (Reference r : chosen.references()) {
      long start = Ticks.rescale(time, chosen.timescale(), timescale);
      time += r.duration(); // Sidx.decode checked that the sum fits
      long end = Ticks.rescale(time, chosen.timescale(), timescale);
      long startMillis = Ticks.toMillis(start, timescale);
      segments.add(new Segment(position, r.size(), trackIds, start, end - start, startMillis,
          Ticks.toMillis(end, timescale) - startMillis, 0, r.startsWithSap()));
      position += r.size();
    }
    return new SegmentIndex(new ByteRange(0, chosen.firstReference()), segments, timescales,
        chosen.referenceId(), true);
  }

  private static boolean sameRanges(Sidx a, Sidx b) {
    if (a.firstReference() != b.firstReference() || a.references().size() != b.references().size()) return false;
    for (int i = 0; i < a.references().size(); i++) {
      if (a.references().get(i).size() != b.references().get(i).size()) return false;
    }
    return true;
  }
}
