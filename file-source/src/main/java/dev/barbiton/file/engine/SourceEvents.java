package dev.barbiton.file.engine;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.EventMeta;
import dev.barbiton.events.FileEvent;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Publishes one source's events (nothing without a bus) and counts them in its {@link
 * SourceCounters}, bus or not. Never called under a lock.
 */
public final class SourceEvents {
  private final EventBus bus;
  private final String source;
  private final SourceCounters counters = new SourceCounters();

  public SourceEvents(EventBus bus, String redactedKey) {
    this.bus = bus;
    this.source = redactedKey;
  }

  /** This source's network counters. */
  public SourceCounters counters() {
    return counters;
  }

  /** Body bytes arrived from the network (counted; no event: {@code Progress} and {@code Cached} tell). */
  void received(long bytes) {
    counters.received(bytes);
  }

  /** A response body starts or stops being received: the clock of the throughput. */
  void bodyStarted() {
    counters.bodyStarted();
  }

  void bodyEnded() {
    counters.bodyEnded();
  }

  private <E extends dev.barbiton.events.Event> void publish(Function<EventMeta, E> factory) {
    if (bus != null) bus.publish(source, factory);
  }

  public void requestStarted(String url, long start, long endInclusive, int attempt) {
    counters.request();
    OptionalLong end = endInclusive < 0 ? OptionalLong.empty() : OptionalLong.of(endInclusive);
    publish(m -> new DownloadEvent.RequestStarted(m, url, start, end, attempt));
  }

  public void tailRequested(long start, long endInclusive, String container) {
    counters.request();
    publish(m -> new DownloadEvent.TailRequested(m, start, endInclusive, container));
  }

  public void partRequested(long start, long endInclusive, int connection) {
    counters.request();
    publish(m -> new DownloadEvent.PartRequested(m, start, endInclusive, connection));
  }

  public void partFinished(long bytes, String outcome) {
    publish(m -> new DownloadEvent.PartFinished(m, bytes, outcome));
  }

  public void pauseChanged(boolean paused) {
    publish(m -> new DownloadEvent.PauseChanged(m, paused));
  }

  public void tailFinished(long bytes, String outcome) {
    publish(m -> new DownloadEvent.TailFinished(m, bytes, outcome));
  }

  public void firstByte(int status, long nanos, boolean partial) {
    counters.firstByte(nanos);
    publish(m -> new DownloadEvent.FirstByte(m, status, Duration.ofNanos(nanos), partial));
  }

  public void progress(long bytes, long total, double bytesPerSecond) {
    OptionalLong t = total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
    publish(m -> new DownloadEvent.Progress(m, bytes, t, bytesPerSecond));
  }

  public void retrying(int attempt, int maxAttempts, java.io.IOException cause, Duration backoff) {
    counters.retry(cause);
    String message = String.valueOf(cause.getMessage());
    publish(m -> new DownloadEvent.Retrying(m, attempt, maxAttempts, message, backoff));
  }

  public void resumed(long from, boolean rangeHonoured) {
    publish(m -> new DownloadEvent.Resumed(m, from, rangeHonoured));
  }

  public void requestFinished(long bytes, long nanos) {
    publish(m -> new DownloadEvent.RequestFinished(m, bytes, Duration.ofNanos(nanos)));
  }

  public void requestFailed(String cause, boolean retryable) {
    counters.failed();
    publish(m -> new DownloadEvent.RequestFailed(m, cause, retryable));
  }

  public void superseded(long readerPosition) {
    counters.supersede();
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
