package dev.barbiton.file.download;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue behind {@link DownloadManager}: the downloads, their runs and their transitions.
 * Confined to the manager's thread ({@code thread}): every method runs there, so nothing here
 * takes a lock, and events are published with none held. Each change is persisted ({@link
 * QueueFile}) and handed to {@code snapshots} before the method returns.
 */
final class DownloadQueue {
  private static final Logger log = LoggerFactory.getLogger(DownloadQueue.class);

  private final FileSourceOptions options;
  private final int parallelism;
  private final DownloadCondition condition;
  private final Duration progressInterval;
  private final int maxAttempts;
  private final RetryPolicy backoff;
  private final QueueFile queueFile;
  private final OfflinePins pins;
  private final Optional<EventBus> bus;
  private final ScheduledExecutorService thread;
  private final Consumer<List<Download>> snapshots;

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long nextId;
  private boolean started;
  private boolean closed;
  private java.util.concurrent.ScheduledFuture<?> retryWake;

  /** One download: its snapshot and, while it runs, its run. */
  private static final class Entry {
    Download download;
    DownloadRun run;
    boolean progressed;

    Entry(Download download) {
      this.download = download;
    }
  }

  DownloadQueue(DownloadManager.Builder b, QueueFile.Contents contents, ScheduledExecutorService thread,
      Consumer<List<Download>> snapshots) {
    this.options = b.options;
    this.parallelism = b.parallelism;
    this.condition = b.condition;
    this.progressInterval = b.progressInterval;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.queueFile = new QueueFile(options.store().directory());
    this.pins = new OfflinePins(options.store());
    this.bus = options.eventBus();
    this.thread = thread;
    this.snapshots = snapshots;
    this.nextId = contents.nextId();
    for (Download d : contents.downloads()) {
      Download restored = d.state() == DownloadState.DOWNLOADING ? d.withState(DownloadState.QUEUED, Optional.empty(), d.failure()) : d;
      entries.put(d.id(), new Entry(restored));
    }
  }

  /**
   * What a restart finds: completed downloads kept offline (queued again if their bytes went),
   * removals finished.
   */
  void restore() {
    List<Entry> removing = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.download.state() == DownloadState.COMPLETED) {
        var key = e.download.request().effectiveKey();
        var cached = options.store().entry(key);
        if (!cached.isPresent() || cached.get().cachedBytes() < e.download.bytesCached()) {
          // Its bytes went (a cache clear, a removal by hand): fetch them again.
          move(e, DownloadState.QUEUED, Optional.empty(), Optional.empty());
        } else {
          pins.keep(key); // kept already (the store persists the mark); again in case the queue outlived it
        }
      }
      if (e.download.state() == DownloadState.REMOVING) removing.add(e);
    }
    for (Entry e : removing) finishRemoval(e, new CompletableFuture<>());
    persist();
    publishSnapshot();
  }

  void start() {
    checkOpen();
    started = true;
    reconcile();
  }

  Download add(DownloadRequest request) {
    checkOpen();
    String id = request.id().orElseGet(() -> Long.toString(nextId));
    if (entries.containsKey(id)) throw new IllegalArgumentException("a download with id " + id + " exists");
    nextId++;
    DownloadRequest stored = request.id().isPresent() ? request : request.newBuilder().id(id).build();
    Download d = new Download(id, stored, DownloadState.QUEUED, Optional.empty(), Optional.empty(), 0,
        java.util.OptionalLong.empty(), 0, Optional.empty());
    entries.put(id, new Entry(d));
    published(d, "", "");
    reconcile();
    return entries.get(id).download;
  }

  Download pause(String id, String reason) {
    Entry e = entry(id);
    DownloadState s = e.download.state();
    if (s == DownloadState.QUEUED || s == DownloadState.DOWNLOADING || s == DownloadState.PAUSED) {
      stopRun(e);
      move(e, DownloadState.PAUSED, Optional.of(reason), e.download.failure());
      reconcile();
    }
    return e.download;
  }

  Download resume(String id) {
    Entry e = entry(id);
    if (e.download.state() == DownloadState.PAUSED || e.download.state() == DownloadState.FAILED) {
      e.download = e.download.withRetry(0, Optional.empty());
      move(e, DownloadState.QUEUED, Optional.empty(), Optional.empty());
      reconcile();
    }
    return e.download;
  }

  /** Completes once the download left the list; null if there is none. */
  CompletableFuture<Void> remove(String id) {
    Entry e = entries.get(id);
    if (e == null) return null;
    if (e.download.state() == DownloadState.REMOVING) return CompletableFuture.completedFuture(null);
    stopRun(e);
    move(e, DownloadState.REMOVING, Optional.empty(), Optional.empty());
    CompletableFuture<Void> f = new CompletableFuture<>();
    finishRemoval(e, f);
    return f;
  }

  void conditionChanged() {
    if (!closed) reconcile();
  }

  /** Stops every run, queued again in the persisted file for the next manager. */
  void close() {
    if (closed) return;
    closed = true;
    for (Entry e : entries.values()) {
      if (e.run != null) {
        stopRun(e);
        move(e, DownloadState.QUEUED, Optional.empty(), e.download.failure());
      }
    }
    persist();
  }

  /** Starts what may start, stops what may not run; persists and publishes the snapshot. */
  private void reconcile() {
    if (started && !closed) {
      boolean allowed = DownloadRun.allowed(condition);
      int running = 0;
      for (Entry e : entries.values()) {
        if (e.run == null) continue;
        if (allowed) {
          running++;
        } else {
          stopRun(e);
          move(e, DownloadState.QUEUED, Optional.empty(), e.download.failure());
        }
      }
      Instant now = Instant.now();
      Instant earliestRetry = null;
      List<Entry> ready = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.download.state() != DownloadState.QUEUED || e.run != null) continue;
        Optional<Instant> at = e.download.retryAt();
        if (at.isPresent() && at.get().isAfter(now)) {
          if (earliestRetry == null || at.get().isBefore(earliestRetry)) earliestRetry = at.get();
        } else {
          ready.add(e);
        }
      }
      ready.sort(Comparator.comparingInt((Entry e) -> -e.download.request().priority())); // stable: added order among equals
      for (Entry e : ready) {
        if (!allowed || running >= parallelism) break;
        startRun(e);
        running++;
      }
      if (retryWake != null) retryWake.cancel(false);
      retryWake = earliestRetry == null ? null
          : thread.schedule(this::reconcileQuietly, Math.max(1, Duration.between(now, earliestRetry).toMillis()), TimeUnit.MILLISECONDS);
    }
    persist();
    publishSnapshot();
  }

  private void reconcileQuietly() {
    try {
      if (!closed) reconcile();
    } catch (RuntimeException e) {
      log.error("download queue update failed", e);
    }
  }

  private void startRun(Entry e) {
    e.progressed = false;
    DownloadRun run = new DownloadRun(e.download, options, condition, progressInterval, new DownloadRun.Listener() {
      @Override
      public void progress(DownloadRun r, long cached, java.util.OptionalLong total) {
        submit(() -> {
          if (e.run != r) return;
          if (cached > e.download.bytesCached()) e.progressed = true;
          e.download = e.download.withBytes(cached, total);
          publishSnapshot();
        });
      }

      @Override
      public void ended(DownloadRun r, DownloadRun.Result result) {
        submit(() -> runEnded(e, r, result));
      }
    });
    e.run = run;
    move(e, DownloadState.DOWNLOADING, Optional.empty(), e.download.failure());
    Thread t = new Thread(run, "barbiton-download-" + e.download.id());
    t.setDaemon(true);
    t.start();
  }

  private void runEnded(Entry e, DownloadRun run, DownloadRun.Result result) {
    if (e.run != run || closed) return;
    e.run = null;
    if (result instanceof DownloadRun.Result.Completed c) {
      e.download = e.download.withBytes(c.bytes(), java.util.OptionalLong.of(c.bytes())).withRetry(0, Optional.empty());
      pins.keep(e.download.request().effectiveKey());
      move(e, DownloadState.COMPLETED, Optional.empty(), Optional.empty());
    } else if (result instanceof DownloadRun.Result.Failed f) {
      DownloadFailure failure = DownloadFailure.of(f.cause());
      int attempts = (e.progressed || f.progressed() ? 0 : e.download.failedAttempts()) + 1;
      if (failure.kind().retryable() && attempts < maxAttempts) {
        Instant at = Instant.now().plus(backoff.backoffBefore(attempts + 1));
        e.download = e.download.withRetry(attempts, Optional.of(at));
        move(e, DownloadState.QUEUED, Optional.empty(), Optional.of(failure));
      } else {
        e.download = e.download.withRetry(attempts, Optional.empty());
        move(e, DownloadState.FAILED, Optional.empty(), Optional.of(failure));
      }
    } else {
      move(e, DownloadState.QUEUED, Optional.empty(), e.download.failure()); // the condition turned false
    }
    reconcile();
  }

  private void finishRemoval(Entry e, CompletableFuture<Void> done) {
    var key = e.download.request().effectiveKey();
    boolean shared = false;
    for (Entry other : entries.values()) {
      if (other != e && other.download.state() != DownloadState.REMOVING && other.download.request().effectiveKey().equals(key)) shared = true;
    }
    if (!shared) {
      pins.release(key);
      try {
        // An open source (a player's) reads on; the store deletes the files when it closes.
        options.store().remove(key);
      } catch (RuntimeException failed) {
        log.warn("deleting the bytes of download {} failed", e.download.id(), failed);
      }
    }
    entries.remove(e.download.id());
    published(e.download, DownloadState.REMOVING.name(), "");
    persist();
    publishSnapshot();
    done.complete(null);
  }

  private void stopRun(Entry e) {
    if (e.run == null) return;
    e.run.stop();
    e.run = null;
  }

  private void move(Entry e, DownloadState to, Optional<String> reason, Optional<DownloadFailure> failure) {
    DownloadState from = e.download.state();
    Optional<String> stopReason = to == DownloadState.PAUSED ? reason : Optional.empty();
    if (from == to && e.download.stopReason().equals(stopReason) && e.download.failure().equals(failure)) return;
    e.download = e.download.withState(to, stopReason, failure);
    String detail = to == DownloadState.PAUSED ? reason.orElse("")
        : failure.map(DownloadFailure::toString).orElse("");
    published(e.download, from.name(), detail);
  }

  private void published(Download d, String from, String detail) {
    if (!bus.isPresent()) return;
    String to = entries.containsKey(d.id()) ? d.state().name() : "";
    bus.get().publish(d.request().effectiveKey().redacted(),
        meta -> new DownloadEvent.OfflineStateChanged(meta, d.id(), from, to, detail));
  }

  private void persist() {
    List<Download> all = new ArrayList<>();
    for (Entry e : entries.values()) all.add(e.download);
    try {
      queueFile.write(new QueueFile.Contents(all, nextId));
    } catch (IOException e) {
      log.warn("cannot persist the download queue to {}: {}", queueFile.path(), e.toString());
    }
  }

  private void publishSnapshot() {
    List<Download> all = new ArrayList<>();
    for (Entry e : entries.values()) all.add(e.download);
    snapshots.accept(List.copyOf(all));
  }

  private Entry entry(String id) {
    Entry e = entries.get(Objects.requireNonNull(id, "id"));
    if (e == null) throw new java.util.NoSuchElementException("no download with id " + id);
    return e;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("download manager is closed");
  }

  private void submit(Runnable task) {
    try {
      thread.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("download queue update failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // closed: the run's report no longer matters
    }
  }
}
