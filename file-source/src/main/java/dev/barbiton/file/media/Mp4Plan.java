package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.MediaInfo.Source;
import dev.barbiton.file.media.MediaProbe.Range;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link MediaProbe}'s way through an ISO BMFF file: the top-level boxes from the head on, a
 * header at a time past it (the headers after an {@code mdat}), until the {@code moov}, whose
 * bytes are then asked for whole and read by {@link Mp4Tracks}.
 */
final class Mp4Plan implements MediaProbe.Plan {
  /** Top-level boxes looked at, at most. */
  private static final int MAX_BOXES = 1024;
  private static final int HEADER = BoxHeader.MAX_HEADER_SIZE;

  private final long fileEnd;
  private long next;
  private Range want;
  private boolean wantMoov;
  private int boxes;
  private List<TrackDetails> tracks;
  private final List<Long> timescales = new ArrayList<>();
  private boolean complete;

  Mp4Plan(OptionalLong length) {
    this.fileEnd = length.orElse(Long.MAX_VALUE);
  }

  @Override
  public Range next() {
    return want;
  }

  @Override
  public boolean complete() {
    return complete;
  }

  @Override
  public void supply(Range range, ByteBuffer bytes) {
    want = null;
    if (wantMoov) {
      wantMoov = false;
      try {
        BoxHeader moov = BoxHeader.parse(bytes, 0, range.offset(), fileEnd);
        read(bytes, range.offset(), moov);
      } catch (MalformedBoxException e) {
        // the moov's header is not what it was: no tracks
      }
      return;
    }
    BoxIterator top = new BoxIterator(bytes, range.offset(), next, fileEnd);
    while (top.hasNext() && boxes++ < MAX_BOXES) {
      BoxHeader box;
      try {
        box = top.next();
      } catch (MalformedBoxException e) {
        // A header past these bytes or cut short by them: asked for on its own, once.
        if (e.truncated() && range.offset() != next) want = new Range(next, HEADER);
        return;
      }
      if (box.type().equals("moov")) {
        if (box.end() - range.offset() <= bytes.remaining()) {
          read(bytes, range.offset(), box);
          if (!box.endUnknown()) firstFragment(bytes, range.offset(), box.end());
        } else if (!box.endUnknown()) {
          wantMoov = true;
          want = new Range(box.offset(), box.size());
        }
        return;
      }
      if (box.endUnknown()) return;
      next = box.end();
      if (next >= range.offset() + bytes.remaining()) {
        if (next < fileEnd) want = new Range(next, HEADER);
        return;
      }
    }
  }

  private void read(ByteBuffer bytes, long origin, BoxHeader moov) {
    List<TrackDetails> read = new ArrayList<>();
    boolean whole = moov.end() - origin <= bytes.remaining();
    timescales.clear();
    for (Mp4Tracks.Read r : Mp4Tracks.read(bytes, origin, moov)) {
      read.add(r.track());
      timescales.add(r.timescale());
      whole &= r.whole();
    }
    tracks = read;
    complete = whole;
  }

  /**
   * A fragmented file's video tracks get their frame rate from the first {@code moof}, when it
   * follows the {@code moov} in these bytes (as the first fragment of a file that starts to play
   * at once does).
   */
  private void firstFragment(ByteBuffer bytes, long origin, long at) {
    if (tracks.stream().noneMatch(t -> t.kind() == TrackDetails.Kind.VIDEO && !t.frameRate().isPresent())) return;
    BoxIterator top = new BoxIterator(bytes, origin, at, fileEnd);
    try {
      for (int n = 0; n < 4 && top.hasNext(); n++) {
        BoxHeader box = top.next();
        if (!box.type().equals("moof")) continue;
        if (box.end() - origin > bytes.remaining()) return;
        java.util.Map<Long, Mp4Fragments.Run> runs = Mp4Fragments.read(bytes, origin, box);
        for (int i = 0; i < tracks.size(); i++) {
          TrackDetails t = tracks.get(i);
          Mp4Fragments.Run run = t.id().isPresent() ? runs.get(t.id().getAsLong()) : null;
          if (t.kind() != TrackDetails.Kind.VIDEO || t.frameRate().isPresent() || run == null || timescales.get(i) <= 0) continue;
          double fps = (double) timescales.get(i) / run.commonDuration();
          if (fps > 0 && fps < 1e6) {
            tracks.set(i, new TrackDetails(t.id(), t.kind(), t.codec(), t.config(), t.video(), t.audio(), t.duration(),
                t.bitrate(), java.util.OptionalDouble.of(fps), t.keyframeInterval()));
          }
        }
        return;
      }
    } catch (MalformedBoxException e) {
      // no readable fragment after the moov: no frame rate from it
    }
  }

  @Override
  public MediaInfo info(MediaInfo sniffed) {
    if (tracks == null) return sniffed;
    List<String> codecs = new ArrayList<>();
    boolean video = false;
    for (TrackDetails t : tracks) {
      if (!t.codec().equals("unknown") && !codecs.contains(t.codec())) codecs.add(t.codec());
      video |= t.kind() == TrackDetails.Kind.VIDEO;
    }
    String mime = sniffed.mimeType().orElse("video/mp4");
    boolean audio = !video && tracks.stream().anyMatch(t -> t.kind() == TrackDetails.Kind.AUDIO);
    if (mime.equals("video/mp4") && audio) mime = "audio/mp4";
    return new MediaInfo(sniffed.container(), java.util.Optional.of(mime), codecs, sniffed.brand(),
        sniffed.compatibleBrands(), Source.SNIFFED, tracks);
  }
}
