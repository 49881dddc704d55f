package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import dev.barbiton.file.media.MediaProbe.Range;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.AnnexB;
import dev.barbiton.file.media.codec.TrackBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link MediaProbe}'s way through a stream without an index (MPEG-TS, raw H.264 or H.265): the
 * head, then, if some stream's first parameter sets are not in it, the first {@link #MAX_BYTES}
 * bytes (or the file if shorter), and the tracks from the first parameter sets found.
 */
final class StreamPlan implements MediaProbe.Plan {
  /** The most of the file's start read for its first parameter sets. */
  static final int MAX_BYTES = 1 << 20;

  private final Container container;
  private final long fileEnd;
  private final boolean wholeFile;
  private Range want;
  private List<TrackDetails> tracks;
  private List<String> codecs;
  private boolean complete;

  StreamPlan(Container container, OptionalLong length, boolean wholeFile) {
    this.container = container;
    this.fileEnd = length.orElse(Long.MAX_VALUE);
    this.wholeFile = wholeFile;
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
    boolean last = wholeFile || bytes.remaining() < range.length() || range.length() >= MAX_BYTES
        || range.end() >= fileEnd;
    SniffWindow w = new SniffWindow(bytes, Integer.MAX_VALUE);
    want = null;
    if (container == Container.MPEG_TS) {
      MpegTsTracks.Result result = MpegTsTracks.read(w, last);
      if (result.complete() || last) {
        tracks = result.tracks();
        codecs = result.codecs();
        complete = result.complete();
      }
    } else {
      byte[] b = new byte[w.length()];
      bytes.duplicate().get(b);
      AnnexB.Codec codec = container == Container.H264 ? AnnexB.Codec.H264 : AnnexB.Codec.HEVC;
      TrackBuilder t = new TrackBuilder().kind(Kind.VIDEO).entry(codec == AnnexB.Codec.H264 ? "avc1" : "hvc1");
      t.fallbackCodec(t.entry());
      AnnexB.Found found = AnnexB.read(codec, b, 0, b.length, t);
      if (found == AnnexB.Found.FIRST_PICTURE || last) {
        TrackDetails track = t.build();
        tracks = List.of(track);
        codecs = List.of(track.codec());
        complete = found != AnnexB.Found.NOTHING;
      }
    }
    if (tracks == null) want = new Range(0, Math.min(MAX_BYTES, fileEnd));
  }

  @Override
  public MediaInfo info(MediaInfo sniffed) {
    if (tracks == null) return sniffed;
    return new MediaInfo(sniffed.container(), sniffed.mimeType(), codecs, sniffed.brand(), sniffed.compatibleBrands(),
        Source.SNIFFED, tracks);
  }
}
