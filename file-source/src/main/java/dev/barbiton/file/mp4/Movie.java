package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the index needs from a {@code moov} box: each track's ID ({@code trak/tkhd}), media
 * timescale ({@code trak/mdia/mdhd}) and whether it is video ({@code trak/mdia/hdlr}), and the
 * fragment defaults of {@code mvex/trex}.
 *
 * @param tracks in {@code moov} order, with distinct IDs
 * @param defaults the {@code trex} of each track that has one, by track ID
 * @param fragmented whether {@code moov} has an {@code mvex}, the announcement of fragments
 */
record Movie(List<Track> tracks, Map<Integer, TrackDefaults> defaults, boolean fragmented) {

  /** More tracks than this is taken as a malformed file. */
  static final int MAX_TRACKS = 1024;

  /** One {@code trak}. */
  record Track(int id, long timescale, boolean video) {}

  /** One {@code trex}: the sample duration and flags that fragments of the track may omit. */
  record TrackDefaults(long sampleDuration, long sampleFlags) {}

  Movie {
    tracks = List.copyOf(tracks);
    defaults = Map.copyOf(defaults);
  }

  Optional<Track> track(int id) {
    return tracks.stream().filter(t -> t.id() == id).findFirst();
  }

  /** Each track's timescale by ID, in {@code moov} order. */
  Map<Integer, Long> timescales() {
    Map<Integer, Long> timescales = new LinkedHashMap<>();
    for (Track track : tracks) timescales.put(track.id(), track.timescale());
    return timescales;
  }

  /**
   * The track whose times a segment index reports: the first video track among {@code
   * candidates}, else the first of them, in {@code moov} order.
   */
  Optional<Track> referenceTrack(Collection<Integer> candidates) {
    Optional<Track> video = tracks.stream()
        .filter(t -> t.video() && candidates.contains(t.id())).findFirst();
    return video.isPresent() ? video : tracks.stream().filter(t -> candidates.contains(t.id())).findFirst();
  }

  /**
   * Decodes {@code moov}, whose bytes are {@code bytes} (index 0 = {@code moov.offset()}).
   *
   * @throws Mp4ParseException if a child box is malformed, a {@code trak} lacks {@code tkhd} or
   *     {@code mdhd}, two tracks share an ID, or there are more than {@link #MAX_TRACKS}
   */
  static Movie decode(ByteBuffer bytes, BoxHeader moov) throws Mp4ParseException {
    long base = moov.offset();
    List<Track> tracks = new ArrayList<>();
    Map<Integer, TrackDefaults> defaults = new LinkedHashMap<>();
    boolean fragmented = false;
    for (Children c = new Children(bytes, base, moov); c.hasNext(); ) {
      BoxHeader child = c.next();
      if (child.type().equals("trak")) {
        Track track = decodeTrak(bytes, base, child);
        if (tracks.size() == MAX_TRACKS) {
          throw new Mp4ParseException("moov", base, "more than " + MAX_TRACKS + " tracks");
        }
        for (Track other : tracks) {
          if (other.id() == track.id()) {
            throw new Mp4ParseException("trak", child.offset(), "track_ID " + track.id() + " used twice");
          }
        }
        tracks.add(track);
      } else if (child.type().equals("mvex")) {
        fragmented = true;
        for (Children m = new Children(bytes, base, child); m.hasNext(); ) {
          BoxHeader trex = m.next();
          if (!trex.type().equals("trex")) continue;
          BoxReader r = new BoxReader(bytes, base, trex).fullBox();
          int trackId = r.trackId();
          r.skip(4); // default_sample_description_index
          long duration = r.u32();
          r.skip(4); // default_sample_size
          long flags = r.u32();
          if (defaults.size() == MAX_TRACKS) throw r.error("more than " + MAX_TRACKS + " trex boxes");
          defaults.putIfAbsent(trackId, new TrackDefaults(duration, flags));
        }
      }
    }
    return new Movie(tracks, defaults, fragmented);
  }

  private static Track decodeTrak(ByteBuffer bytes, long base, BoxHeader trak)
      throws Mp4ParseException {
    Integer id = null;
    Long timescale = null;
    boolean video = false;
    for (Children c = new Children(bytes, base, trak); c.hasNext(); ) {
      BoxHeader child = c.next();
      if (child.type().equals("tkhd") && id == null) {
        BoxReader r = new BoxReader(bytes, base, child).fullBox();
        r.skip(r.version() == 1 ? 16 : 8); // creation_time, modification_time
        id = r.trackId();
      } else if (child.type().equals("mdia")) {
        for (Children m = new Children(bytes, base, child); m.hasNext(); ) {
          BoxHeader media = m.next();
          if (media.type().equals("mdhd") && timescale == null) {
            BoxReader r = new BoxReader(bytes, base, media).fullBox();
            r.skip(r.version() == 1 ? 16 : 8); // creation_time, modification_time
            timescale = r.timescale();
          } else if (media.type().equals("hdlr")) {
            BoxReader r = new BoxReader(bytes, base, media).fullBox();
            r.skip(4); // pre_defined
            video = r.fourCc().equals("vide");
          }
        }
      }
    }
    if (id == null) throw new Mp4ParseException("trak", trak.offset(), "no tkhd");
    if (timescale == null) throw new Mp4ParseException("trak", trak.offset(), "no mdia/mdhd");
    return new Track(id, timescale, video);
  }
}
