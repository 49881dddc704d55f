package dev.barbiton.file;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.file.engine.SourceEvents;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaProbe;
import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.mp4.Segment;
import dev.barbiton.file.mp4.SegmentIndex;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A source's {@link MediaInfo}: sniffed from the first bytes as soon as they are cached, then
 * described by a {@link MediaProbe} that is handed each range it asks for once the range is
 * cached (the head, a {@code moov} at the end when the download or the tail fetch brings it,
 * Matroska's Cues and Tags), combined with the stored {@code Content-Type}, so it is right after a
 * restart without any header. Publishes {@code MediaDetailsReady} when the tracks are first
 * described and, if that was not complete, when they are.
 *
 * <p>Threads: {@link #refresh} runs on the download driver's thread (every progress tick), on the
 * tail fetch's thread when it ends, on the completing thread, and within {@link #get} on any
 * thread. {@code probing} guards the probe and is only ever tried, never waited for: a thread that
 * finds it taken leaves the work to the holder, which looks again on its next call. Events are
 * published after the lock is released. The probe's result is published through the volatile
 * {@code described}.
 */
final class MediaInfoCache {
  /** Fewer bytes than this tell nothing reliable about any container. */
  private static final int MIN_SNIFF_BYTES = 12;

  private final AssetResource resource;
  private final SourceEvents events;
  private final ReentrantLock probing = new ReentrantLock();
  // Guarded by probing.
  private MediaProbe probe;
  private boolean announced;
  private boolean announcedComplete;
  private boolean fragmentsApplied;
  /** What the probe described last (with the fragments' times, once applied); null before its head. */
  private volatile MediaInfo described;

  MediaInfoCache(AssetResource resource, SourceEvents events) {
    this.resource = resource;
    this.events = events;
  }

  Optional<MediaInfo> get() {
    refresh();
    Optional<MediaInfo> fromHeader = resource.metadata().contentType().flatMap(MediaSniffer::fromContentType);
    MediaInfo known = described;
    if (known != null) return Optional.of(MediaSniffer.combine(fromHeader, known));
    long length = resource.length().orElse(Long.MAX_VALUE);
    int wanted = (int) Math.min(MediaSniffer.SNIFF_BYTES, length);
    int have = (int) Math.min(wanted, resource.available().contiguousFrom(0));
    if (have < Math.min(wanted, MIN_SNIFF_BYTES)) return fromHeader;
    ByteBuffer first = read(0, have);
    if (first == null) return fromHeader;
    return Optional.of(MediaSniffer.combine(fromHeader, MediaSniffer.sniff(first)));
  }

  /**
   * Hands the probe every range it asks for that is cached now. Never blocks on the lock or on
   * bytes, never throws.
   */
  void refresh() {
    if (!probing.tryLock()) return;
    Runnable announce;
    try {
      feed();
      announce = announcement();
    } finally {
      probing.unlock();
    }
    announce.run();
  }

  /**
   * Called on completion with the final segment index of a fragmented MP4: its reference track's
   * duration, keyframe interval and, if the first fragment did not give it, frame rate come from
   * the fragments, which the empty {@code moov} does not state. Then the details are complete.
   */
  void fragmentsIndexed(Optional<SegmentIndex> index) {
    Runnable announce;
    probing.lock(); // the completing thread; holders only feed the probe and never call out
    try {
      feed();
      fragmentsApplied = true;
      MediaInfo info = described;
      if (index.isPresent() && !index.get().isProvisional() && info != null && info.hasTrackDetails()) {
        described = withFragments(info, index.get());
      }
      announce = announcement();
    } finally {
      probing.unlock();
    }
    announce.run();
  }

  /** Feeds the probe the cached ranges it asks for; holding {@code probing}. */
  private void feed() {
    try {
      if (probe == null) {
        if (!resource.length().isPresent()) return; // the probe needs to know where the file ends
        probe = new MediaProbe(resource.length());
      }
      for (Optional<MediaProbe.Range> next; (next = probe.next()).isPresent(); ) {
        MediaProbe.Range range = next.get();
        if (!resource.contains(range.offset(), range.length())) break;
        ByteBuffer bytes = read(range.offset(), (int) range.length());
        if (bytes == null) break;
        probe.supply(bytes);
        described = probe.info();
      }
    } catch (RuntimeException e) {
      // MediaProbe never throws for content; a resource in trouble gives no details, not a failure
    }
  }

  /** The event to publish once {@code probing} is released, if the details changed as events tell; holding it. */
  private Runnable announcement() {
    MediaInfo info = described;
    if (probe == null || info == null || !info.hasTrackDetails()) return () -> {};
    boolean complete = probe.isDone() && probe.isComplete() && !fragmentsPending(info);
    if (announced && (!complete || announcedComplete)) return () -> {};
    announced = true;
    announcedComplete = complete;
    return () -> events.mediaDetailsReady(info.container().name(), info.codecs(), info.tracks().size(), complete);
  }

  /** A fragmented MP4's details wait for the fragments to be indexed at completion. */
  private boolean fragmentsPending(MediaInfo info) {
    return !fragmentsApplied && info != null && info.container() == MediaInfo.Container.MP4
        && info.tracks().stream().allMatch(t -> !t.duration().isPresent());
  }

  private static MediaInfo withFragments(MediaInfo info, SegmentIndex index) {
    Long timescale = index.trackTimescales().get(index.referenceTrackId());
    if (timescale == null || timescale <= 0 || index.segments().isEmpty()) return info;
    long ticks = 0;
    long samples = 0;
    int keyframes = 0;
    for (Segment s : index.segments()) {
      ticks += s.duration();
      samples += s.sampleCount();
      if (s.startsWithSync()) keyframes++;
    }
    if (ticks <= 0) return info;
    Duration duration = Duration.ofSeconds(ticks / timescale, (ticks % timescale) * 1_000_000_000L / timescale);
    List<TrackDetails> tracks = new ArrayList<>();
    for (TrackDetails t : info.tracks()) {
      if (t.id().isPresent() && t.id().getAsLong() == index.referenceTrackId()) {
        boolean video = t.kind() == TrackDetails.Kind.VIDEO;
        // The first fragment's nominal rate stands; the average over all fragments is the fallback.
        OptionalDouble rate = !t.frameRate().isPresent() && video && samples > 0
            ? OptionalDouble.of(samples * (double) timescale / ticks) : t.frameRate();
        // Each fragment starting with a keyframe is a keyframe interval, when all of them do.
        Optional<Duration> interval = video && keyframes == index.segments().size() && keyframes > 1
            ? Optional.of(duration.dividedBy(keyframes)) : t.keyframeInterval();
        t = new TrackDetails(t.id(), t.kind(), t.codec(), t.config(), t.video(), t.audio(), Optional.of(duration),
            t.bitrate(), rate, interval);
      }
      tracks.add(t);
    }
    return new MediaInfo(info.container(), info.mimeType(), info.codecs(), info.brand(), info.compatibleBrands(),
        info.source(), tracks);
  }

  /** The cached bytes {@code [position, position + count)}, or null if they are not all there now. */
  private ByteBuffer read(long position, int count) {
    ByteBuffer bytes = ByteBuffer.allocate(count);
    try {
      // The bytes were there a moment ago; if they are gone (the file changed at its origin and
      // downloads again), nobody must wait for them: no wait at all.
      while (bytes.hasRemaining()) {
        long at = position + bytes.position();
        if (!resource.contains(at, 1)) return null;
        if (resource.readAt(at, bytes, Duration.ZERO) < 0) break;
      }
    } catch (IOException e) {
      return null; // closed, failed or discarded under us
    }
    ((Buffer) bytes).flip();
    return bytes;
  }
}
