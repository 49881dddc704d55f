package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one offline download, on a thread of its own: maps a time range to bytes, opens a
 * {@link FileSource} that fetches those bytes (or the whole file), and watches it every progress
 * tick until they are cached, it fails, the condition turns false, or {@link #stop()}.
 *
 * <p>Threads: {@link #run} on the run's thread; {@link #stop} from the manager's thread. The
 * listener is called on the run's thread, with no lock held, and a stopped run reports nothing.
 */
final class DownloadRun implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DownloadRun.class);

  /** How a run ended. */
  sealed interface Result {
    /** Every byte asked for is cached. */
    record Completed(long bytes) implements Result {}

    record Failed(Throwable cause, boolean progressed) implements Result {}

    /** The condition turned false. */
    record ConditionUnmet() implements Result {}
  }

  /** What the manager hears from a run. */
  interface Listener {
    void progress(DownloadRun run, long cached, OptionalLong total);

    void ended(DownloadRun run, Result result);
  }

  private final Download download;
  private final FileSourceOptions options;
  private final DownloadCondition condition;
  private final Duration tick;
  private final Listener listener;
  private final String source;
  private final boolean keepOffline;
  private volatile boolean stopped;
  private volatile AutoCloseable current;
  /** What this run fetches, once known; null for the whole file. */
  private volatile ByteRanges scope;

  DownloadRun(Download download, FileSourceOptions base, DownloadCondition condition, Duration tick, Listener listener) {
    this(download, base, condition, tick, listener, true);
  }

  /** A run that, when {@code keepOffline}, marks its resource kept offline once complete. */
  DownloadRun(Download download, FileSourceOptions base, DownloadCondition condition, Duration tick, Listener listener,
      boolean keepOffline) {
    this.keepOffline = keepOffline;
    this.download = download;
    this.options = optionsFor(download.request(), base);
    this.condition = condition;
    this.tick = tick;
    this.listener = listener;
    this.source = download.request().effectiveKey().redacted();
  }

  static FileSourceOptions optionsFor(DownloadRequest request, FileSourceOptions base) {
    FileSourceOptions.Builder b = base.newBuilder();
    request.headers().forEach(b::header);
    request.cacheKey().ifPresent(b::cacheKey);
    return b.build();
  }

  String id() {
    return download.id();
  }

  /** Stops the run: closes its source (the network stops within a second); it reports nothing more. */
  void stop() {
    stopped = true;
    AutoCloseable c = current;
    if (c != null) closeQuietly(c);
  }

  @Override
  public void run() {
    try {
      ByteRanges scope = scope();
      this.scope = scope;
      if (stopped) return;
      FileSource opened = FileSource.open(download.request().uri(),
          scope == null ? options : options.newBuilder().fetchOnly(scope).build());
      current = opened;
      try (FileSource file = opened) {
        if (stopped) return;
        watch(file, scope);
      }
    } catch (IOException e) {
      if (!stopped) listener.ended(this, new Result.Failed(e, false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("offline download {} failed unexpectedly", download.id(), e);
      if (!stopped) listener.ended(this, new Result.Failed(e, false));
    }
  }

  /** The ranges this run fetches, once mapped; empty for the whole file or before. */
  java.util.Optional<ByteRanges> ranges() {
    return java.util.Optional.ofNullable(scope);
  }

  private ByteRanges scope() throws IOException {
    DownloadRange range = download.request().range();
    if (range instanceof DownloadRange.Bytes b) return ByteRanges.empty().with(b.start(), b.end());
    if (range instanceof DownloadRange.Time t) {
      TimeRangePlanner planner = new TimeRangePlanner(download.request().uri(), options);
      current = planner;
      if (stopped) return null;
      try (planner) {
        return planner.plan(t.from(), t.to());
      }
    }
    return null;
  }

  private void watch(FileSource file, ByteRanges scope) throws InterruptedException {
    Optional<EventBus> bus = options.eventBus();
    long start = file.available().totalBytes();
    long lastCached = -1;
    long lastNanos = System.nanoTime();
    double rate = 0;
    while (!stopped) {
      DownloadOutcome outcome = null;
      try {
        outcome = file.completion().get(tick.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // a tick: progress, then the condition
      } catch (ExecutionException e) {
        outcome = new DownloadOutcome.Failed(e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause()));
      }
      if (stopped) return;
      OptionalLong length = file.length();
      ByteRanges wanted = scope == null ? null : clamp(scope, length);
      long cached = wanted == null ? file.available().totalBytes() : intersection(file.available(), wanted);
      OptionalLong total = wanted == null ? length
          : (length.isPresent() || finite(scope) ? OptionalLong.of(wanted.totalBytes()) : OptionalLong.empty());
      long now = System.nanoTime();
      if (lastCached >= 0 && now > lastNanos) {
        double instant = Math.max(0, cached - lastCached) * 1e9 / (now - lastNanos);
        rate = rate == 0 ? instant : 0.5 * rate + 0.5 * instant;
      }
      lastCached = cached;
      lastNanos = now;
      publishProgress(bus, cached, total, rate);
      listener.progress(this, cached, total);
      if (outcome instanceof DownloadOutcome.Finished f) {
        completed(wanted == null ? f.length() : cached);
        return;
      }
      if (outcome instanceof DownloadOutcome.Failed f) {
        listener.ended(this, new Result.Failed(f.cause(), cached > start));
        return;
      }
      if (outcome instanceof DownloadOutcome.Cancelled) return; // closed: by stop()
      if (wanted != null && length.isPresent() && wanted.totalBytes() == cached) {
        completed(cached);
        return;
      }
      if (!allowed(condition)) {
        listener.ended(this, new Result.ConditionUnmet());
        return;
      }
    }
  }

  /**
   * Marks the resource kept offline while this run's source still holds it open, so that eviction
   * cannot take it between the source's close and the manager's mark; then reports.
   */
  private void completed(long bytes) {
    if (keepOffline) {
      try {
        options.store().keepOffline(download.request().effectiveKey());
      } catch (IOException e) {
        log.warn("cannot keep {} offline: {}", source, e.toString());
      }
    }
    listener.ended(this, new Result.Completed(bytes));
  }

  private void publishProgress(Optional<EventBus> bus, long cached, OptionalLong total, double rate) {
    if (!bus.isPresent()) return;
    Optional<Duration> eta = total.isPresent() && rate > 0
        ? Optional.of(Duration.ofMillis((long) (Math.max(0, total.getAsLong() - cached) * 1000 / rate)))
        : Optional.empty();
    bus.get().publish(source, meta -> new DownloadEvent.OfflineProgress(meta, download.id(), cached, total, rate, eta));
  }

  static boolean allowed(DownloadCondition condition) {
    try {
      return condition.allowsDownloads();
    } catch (RuntimeException e) {
      log.warn("download condition threw; taken as false", e);
      return false;
    }
  }

  /** {@code scope} cut at {@code length} when it is known. */
  static ByteRanges clamp(ByteRanges scope, OptionalLong length) {
    if (!length.isPresent()) return scope;
    ByteRanges out = ByteRanges.empty();
    for (ByteRange r : scope.ranges()) {
      long end = Math.min(r.end(), length.getAsLong());
      if (end > r.start()) out = out.with(r.start(), end);
    }
    return out;
  }

  /** The bytes in both sets. */
  static long intersection(ByteRanges have, ByteRanges wanted) {
    long total = 0;
    for (ByteRange w : wanted.ranges()) {
      for (ByteRange h : have.ranges()) {
        long s = Math.max(w.start(), h.start());
        long e = Math.min(w.end(), h.end());
        if (e > s) total += e - s;
      }
    }
    return total;
  }

  private static boolean finite(ByteRanges scope) {
    return scope.end() < Long.MAX_VALUE / 2;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing a stopped run's source failed", e);
    }
  }
}
