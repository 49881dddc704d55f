package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaProbe;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.mp4.Segment;
import dev.barbiton.file.mp4.SegmentIndex;
import dev.barbiton.file.mp4.SegmentIndexer;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps a time range of a file to the byte ranges that play it, reading only the file's header and
 * index (through a {@link FileSource} that fetches nothing of its own accord, so each read fetches
 * what it needs):
 *
 * <ul>
 *   <li>MP4: the top-level boxes but the {@code mdat}'s body, and the span of samples from the
 *       {@code moov}'s sample tables ({@link Mp4TimeMap});
 *   <li>fragmented MP4: the boxes before the first {@code moof}, then the fragments of the range,
 *       from the {@code sidx} if there is one, else from the {@code moof}s' decode times walked
 *       one after the other up to the range's end;
 *   <li>Matroska and WebM: the elements before the first Cluster, the Cues, and the clusters
 *       between the cue points around the range ({@link MatroskaCues}); without Cues, the estimate;
 *   <li>anything else: an estimate from the length and the duration the header states, with a
 *       margin, plus the bytes the header probe read.
 * </ul>
 *
 * The ranges always hold what {@link MediaProbe} read of the header.
 */
final class TimeRangePlanner implements AutoCloseable {
  /** The estimate's margin: this fraction of its span, plus {@link #MARGIN_BYTES}. */
  static final double MARGIN = 0.05;
  static final long MARGIN_BYTES = 256 << 10;
  private static final int MAX_TOP_LEVEL = 100_000;
  /** The size of an {@code mfro} box, which ends a file with an {@code mfra}. */
  private static final int MFRO_BYTES = 16;

  private final URI uri;
  private final FileSourceOptions options;
  private volatile FileSource source;

  TimeRangePlanner(URI uri, FileSourceOptions options) {
    this.uri = uri;
    this.options = options;
  }

  /**
   * The byte ranges that play {@code [from, to)} (to the end when {@code to} is empty).
   *
   * @throws TimeRangeException if the file's length is not known, or its header states neither an
   *     index nor a duration, or its index is malformed
   * @throws IOException if reading the header fails (the download's typed failure)
   */
  ByteRanges plan(Duration from, Optional<Duration> to) throws IOException {
    FileSource file = FileSource.open(uri, options.newBuilder().fetchOnly(ByteRanges.empty()).build());
    source = file;
    try {
      List<ByteRange> ranges = new ArrayList<>();
      byte[] first = new byte[1];
      readFully(file, 0, ByteBuffer.wrap(first)); // the first request: the length comes with it
      long length;
      try {
        length = file.awaitLength(Duration.ZERO);
      } catch (ResourceTimeoutException e) {
        throw new TimeRangeException("the length of " + file.key().redacted() + " is not known (no Content-Length): cannot map a time range to bytes");
      }
      MediaProbe probe = new MediaProbe(OptionalLong.of(length));
      for (Optional<MediaProbe.Range> r; (r = probe.next()).isPresent(); ) {
        ByteBuffer bytes = ByteBuffer.allocate((int) r.get().length());
        readFully(file, r.get().offset(), bytes);
        ranges.add(new ByteRange(r.get().offset(), r.get().end()));
        probe.supply((ByteBuffer) ((Buffer) bytes).flip());
      }
      MediaInfo info = probe.info();
      long fromMillis = from.toMillis();
      long toMillis = to.map(Duration::toMillis).orElse(Long.MAX_VALUE);
      boolean mapped = false;
      if (info.container() == MediaInfo.Container.MP4) {
        mapped = mp4(file, length, fromMillis, toMillis, ranges);
      } else if (info.container() == MediaInfo.Container.MATROSKA || info.container() == MediaInfo.Container.WEBM) {
        mapped = MatroskaCues.map(file, length, fromMillis, toMillis, ranges);
      }
      if (!mapped) estimate(info, length, fromMillis, toMillis, ranges);
      return ByteRanges.of(ranges);
    } finally {
      source = null;
      file.close();
    }
  }

  private static boolean mp4(RandomAccessSource file, long length, long fromMillis, long toMillis, List<ByteRange> ranges)
      throws IOException {
    long pos = 0;
    BoxHeader moov = null;
    ByteBuffer moovBytes = null;
    for (int n = 0; pos < length && n < MAX_TOP_LEVEL; n++) {
      BoxHeader box = header(file, pos, length);
      if (box.type().equals("mdat")) {
        ranges.add(new ByteRange(pos, pos + box.headerSize()));
      } else if (box.type().equals("moof")) {
        if (moov == null) throw new TimeRangeException("moof at " + pos + " before any moov");
        fragments(file, length, moov, moovBytes, pos, fromMillis, toMillis, ranges);
        return true;
      } else {
        if (box.size() <= Mp4TimeMap.MAX_MOOV) {
          ranges.add(new ByteRange(pos, box.end()));
          if (box.type().equals("moov")) {
            moov = box;
            moovBytes = Mp4TimeMap.read(file, box);
          }
        } else {
          ranges.add(new ByteRange(pos, pos + box.headerSize()));
        }
      }
      pos = box.end();
    }
    if (moov == null) throw new TimeRangeException("no moov in the MP4's top-level boxes");
    Optional<long[]> span = Mp4TimeMap.span(moovBytes, moov, fromMillis, toMillis);
    span.ifPresent(s -> ranges.add(new ByteRange(s[0], Math.min(s[1], length))));
    return true;
  }

  /** Fragments from {@code firstMoof} on: by {@code sidx} if the head has one, else moof by moof. */
  private static void fragments(RandomAccessSource file, long length, BoxHeader moov, ByteBuffer moovBytes, long firstMoof,
      long fromMillis, long toMillis, List<ByteRange> ranges) throws IOException {
    // FFmpeg's mov demuxer reads the file's last bytes at open, looking for an mfra's mfro box.
    ranges.add(new ByteRange(Math.max(0, length - MFRO_BYTES), length));
    Optional<SegmentIndex> sidx = SegmentIndexer.fromSidx(file, firstMoof);
    if (sidx.isPresent() && sidx.get().segments().get(0).offset() == firstMoof) {
      for (Segment s : sidx.get().segments()) {
        if (s.startMillis() < toMillis && s.endMillis() > fromMillis) ranges.add(new ByteRange(s.offset(), Math.min(s.end(), length)));
      }
      return;
    }
    java.util.Map<Long, Long> timescales = Mp4Fragments.timescales(moovBytes, moov);
    long pos = firstMoof;
    long rangeStart = -1;
    long rangeEnd = -1;
    boolean afterRange = false;
    for (int n = 0; pos < length && n < MAX_TOP_LEVEL; n++) {
      BoxHeader box = header(file, pos, length);
      if (box.type().equals("moof")) {
        long millis = Mp4Fragments.startMillis(Mp4TimeMap.read(file, box), box, timescales);
        if (millis >= toMillis) {
          // FFmpeg's mov demuxer, with no sidx or mfra, hops from moof to moof over the whole
          // file at open: every moof, and each mdat's header, must be there for it to open.
          ranges.add(new ByteRange(pos, box.end()));
          afterRange = true;
        } else if (rangeStart < 0 || millis <= fromMillis) {
          rangeStart = pos; // the last one starting at or before from
        }
      } else if (afterRange) {
        ranges.add(new ByteRange(pos, Math.min(pos + box.headerSize(), length)));
      }
      // An mdat is hopped over, in the range too: reading its body here would make the source's
      // requests double while they read on, and the last of them would run far past the range.
      // The run fetches the range afterwards, in one request per gap between the moofs read here.
      if (!afterRange) rangeEnd = box.end();
      pos = box.end();
    }
    if (rangeStart >= 0 && rangeEnd > rangeStart) ranges.add(new ByteRange(rangeStart, Math.min(rangeEnd, length)));
  }

  private static void estimate(MediaInfo info, long length, long fromMillis, long toMillis, List<ByteRange> ranges)
      throws TimeRangeException {
    long durationMillis = 0;
    for (TrackDetails t : info.tracks()) {
      if (t.duration().isPresent()) durationMillis = Math.max(durationMillis, t.duration().get().toMillis());
    }
    if (durationMillis <= 0) {
      throw new TimeRangeException("the header of this " + info.container() + " file states no duration and no index: cannot map a time range to bytes");
    }
    double perMilli = length / (double) durationMillis;
    long end = toMillis == Long.MAX_VALUE ? length : (long) Math.ceil(Math.min(toMillis, durationMillis) * perMilli);
    long start = (long) Math.floor(Math.min(fromMillis, durationMillis) * perMilli);
    long margin = (long) ((end - start) * MARGIN) + MARGIN_BYTES;
    start = Math.max(0, start - margin);
    end = Math.min(length, end + margin);
    if (end > start) ranges.add(new ByteRange(start, end));
  }

  private static BoxHeader header(RandomAccessSource file, long pos, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BoxHeader.MAX_HEADER_SIZE, length - pos));
    readFully(file, pos, buf);
    try {
      return BoxHeader.parse(buf, 0, pos, length);
    } catch (MalformedBoxException e) {
      throw new TimeRangeException("malformed MP4 box at " + pos + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code dst} full from {@code pos}, waiting for each byte per the source's read timeout. */
  static void readFully(RandomAccessSource source, long pos, ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      int n = source.read(pos + dst.position(), dst);
      if (n < 0) throw new EOFException("end of file at " + (pos + dst.position()) + " while reading the header");
    }
  }

  @Override
  public void close() {
    FileSource s = source;
    if (s != null) s.close();
  }
}
