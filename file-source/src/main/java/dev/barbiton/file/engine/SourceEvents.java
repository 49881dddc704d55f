package dev.barbiton.file.engine;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.EventMeta;
import dev.barbiton.events.FileEvent;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Function;

/** Publishes one source's events, or nothing without a bus. Never called under a lock. */
public final class SourceEvents {
  private final EventBus bus;
  private final String source;

  public SourceEvents(EventBus bus, String redactedKey) {
    this.bus = bus;
    this.source = redactedKey;
  }

  private <E extends dev.barbiton.events.Event> void publish(Function<EventMeta, E> factory) {
    if (bus != null) bus.publish(source, factory);
  }

  public void requestStarted(String url, long start, long endInclusive, int attempt) {
    OptionalLong end = endInclusive < 0 ? OptionalLong.empty() : OptionalLong.of(endInclusive);
    publish(m -> new DownloadEvent.RequestStarted(m, url, start, end, attempt));
  }

  public void tailRequested(long start, long endInclusive, String container) {
    publish(m -> new DownloadEvent.TailRequested(m, start, endInclusive, container));
  }

  public void tailFinished(long bytes, String outcome) {
    publish(m -> new DownloadEvent.TailFinished(m, bytes, outcome));
  }

  public void firstByte(int status, long nanos, boolean partial) {
    publish(m -> new DownloadEvent.FirstByte(m, status, Duration.ofNanos(nanos), partial));
  }

  public void progress(long bytes, long total, double bytesPerSecond) {
    OptionalLong t = total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
    publish(m -> new DownloadEvent.Progress(m, bytes, t, bytesPerSecond));
  }

  public void retrying(int attempt, int maxAttempts, String cause, Duration backoff) {
    publish(m -> new DownloadEvent.Retrying(m, attempt, maxAttempts, cause, backoff));
  }

  public void resumed(long from, boolean rangeHonoured) {
    publish(m -> new DownloadEvent.Resumed(m, from, rangeHonoured));
  }

  public void requestFinished(long bytes, long nanos) {
    publish(m -> new DownloadEvent.RequestFinished(m, bytes, Duration.ofNanos(nanos)));
  }

  public void requestFailed(String cause, boolean retryable) {
    publish(m -> new DownloadEvent.RequestFailed(m, cause, retryable));
  }

  public void superseded(long readerPosition) {
    publish(m -> new DownloadEvent.Superseded(m, readerPosition));
  }

  public void cached(long bytesCached, long length, double bytesPerSecond) {
    OptionalLong known = length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    publish(m -> new FileEvent.Cached(m, bytesCached, known, Math.max(0, bytesPerSecond)));
  }

  public void cancelled() {
    publish(DownloadEvent.Cancelled::new);
  }

  public void redirected(String finalUrl) {
    publish(m -> new DownloadEvent.Redirected(m, finalUrl));
  }

  public void contentChanged(String previous, String now, long discarded) {
    publish(m -> new DownloadEvent.ContentChanged(m, previous, now, discarded));
  }

  public void phaseChanged(FileEvent.Phase from, FileEvent.Phase to) {
    publish(m -> new FileEvent.PhaseChanged(m, from, to));
  }

  public void lengthResolved(long length) {
    publish(m -> new FileEvent.LengthResolved(m, length));
  }

  public void seek(long from, long to) {
    publish(m -> new FileEvent.ReaderSeek(m, from, to));
  }

  public void endOfStream(long position) {
    publish(m -> new FileEvent.EndOfStream(m, position));
  }

  public void error(String message) {
    publish(m -> new FileEvent.Error(m, message));
  }

  public void segmentIndexReady(int segments, long durationMillis, boolean provisional) {
    publish(m -> new FileEvent.SegmentIndexReady(m, segments, durationMillis, provisional));
  }

  public void mediaDetailsReady(String container, java.util.List<String> codecs, int tracks, boolean complete) {
    publish(m -> new FileEvent.MediaDetailsReady(m, container, codecs, tracks, complete));
  }
}
