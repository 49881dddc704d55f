package dev.barbiton.file.download;

import dev.barbiton.assets.AssetStore;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline downloads over an {@link AssetStore}: a queue that persists in the cache directory and
 * resumes after a restart, with pause and resume, priorities, a parallelism bound, an app's
 * condition, retries with backoff, and progress for a list UI.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #open} reads the queue ({@code downloads.queue} in the store's directory) and starts
 *       nothing; {@link #start()} runs it. A download that was running when the process ended is
 *       {@link DownloadState#QUEUED} again and continues from the bytes it had cached.
 *   <li>At most {@link Builder#parallelism} downloads run at once (default 3): the queued ones of
 *       highest priority first, the earlier added among equals. A running download is not stopped
 *       for one of higher priority added later.
 *   <li>Every change of state is persisted before the method that made it returns (the file is
 *       written whole and renamed over the old one, so a crash leaves one or the other), and is
 *       published as a {@link DownloadEvent.OfflineStateChanged}; a running download publishes
 *       {@link DownloadEvent.OfflineProgress} once per {@link Builder#progressInterval}. Events go
 *       to the bus of the options ({@link FileSourceOptions#eventBus()}), with the resource key as
 *       their source.
 *   <li>A download fetches its bytes through a {@link dev.barbiton.file.FileSource}, so a player
 *       that opens the same resource meanwhile shares its fetch, and the player's reads move the
 *       fetch to them first. A byte or time range fetches only those bytes (see {@link
 *       FileSourceOptions#fetchOnly()}).
 *   <li>A run that fails for the network or the disk ({@link DownloadFailure.Kind#retryable()}) is
 *       queued again after a backoff, persisted with the queue, so it continues across restarts;
 *       after {@link Builder#maxAttempts} failed runs in a row without progress it is {@link
 *       DownloadState#FAILED}, as is any other failure at once.
 *   <li>A completed download is kept offline: its resource is pinned for the manager's life, so
 *       eviction never takes it, until {@link #remove}.
 *   <li>All methods are thread-safe and may be called from any thread; they never call the
 *       condition or publish while holding a lock.
 * </ul>
 *
 * <h2>Implementation note</h2>
 * One thread of the manager's own owns the queue: every method hands it a task and waits for it,
 * so the state needs no lock; {@link #list()} and {@link #get} read an immutable snapshot it
 * publishes. Each running download runs on a thread of its own ({@link DownloadRun}) and reports
 * back through tasks on the manager's thread.
 */
public final class DownloadManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);
  private static final Duration REMOVE_PATIENCE = Duration.ofSeconds(3);

  private final FileSourceOptions options;
  private final int parallelism;
  private final DownloadCondition condition;
  private final Duration progressInterval;
  private final int maxAttempts;
  private final RetryPolicy backoff;
  private final QueueFile queueFile;
  private final ScheduledThreadPoolExecutor thread;
  private final OfflinePins pins;
  private final CorruptQueueException recovery;
  private final Optional<EventBus> bus;
  private final ReentrantLock idleLock = new ReentrantLock();
  private final Condition changed = idleLock.newCondition();

  // Owned by the manager's thread.
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long nextId;
  private boolean started;
  private boolean closed;
  private java.util.concurrent.ScheduledFuture<?> retryWake;

  private volatile List<Download> snapshot = List.of();
  private volatile Thread owner;

  /** One download: its snapshot and, while it runs, its run. Manager's thread only. */
  private static final class Entry {
    Download download;
    DownloadRun run;
    boolean progressed;

    Entry(Download download) {
      this.download = download;
    }
  }

  private DownloadManager(Builder b, QueueFile.Contents contents, CorruptQueueException recovery) {
    this.options = b.options;
    this.parallelism = b.parallelism;
    this.condition = b.condition;
    this.progressInterval = b.progressInterval;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.queueFile = new QueueFile(options.store().directory());
    this.pins = new OfflinePins(options.store());
    this.recovery = recovery;
    this.bus = options.eventBus();
    this.nextId = contents.nextId();
    this.thread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "barbiton-downloads");
      t.setDaemon(true);
      owner = t;
      return t;
    });
    thread.setRemoveOnCancelPolicy(true);
    for (Download d : contents.downloads()) {
      Download restored = d.state() == DownloadState.DOWNLOADING ? d.withState(DownloadState.QUEUED, Optional.empty(), d.failure()) : d;
      entries.put(d.id(), new Entry(restored));
    }
  }

  /** A builder for a manager whose downloads open with {@code options} (its store, client, bus, executor). */
  public static Builder builder(FileSourceOptions options) {
    return new Builder(options);
  }

  /**
   * What was wrong with the persisted queue, if it was unreadable and set aside at {@link #open}
   * (the manager then started empty); empty when it was read.
   */
  public Optional<CorruptQueueException> recovery() {
    return Optional.ofNullable(recovery);
  }

  /** Starts running the queue. Idempotent. */
  public void start() {
    call(() -> {
      checkOpen();
      started = true;
      reconcile();
      return null;
    });
  }

  /**
   * Adds a download, {@link DownloadState#QUEUED}; it starts when a slot, its priority and the
   * condition allow (at once if they do and the manager is started).
   *
   * @throws IllegalArgumentException if a download with the request's id exists, or the URL is
   *     not http(s)
   */
  public Download add(DownloadRequest request) {
    Objects.requireNonNull(request, "request");
    String scheme = String.valueOf(request.uri().getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + dev.barbiton.events.Redaction.url(request.uri().toString()));
    }
    return call(() -> {
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
    });
  }

  /**
   * Queues the bytes that play the first {@code first} of {@code uri} (its header and index, then
   * those bytes) at priority 0: the one-liner for "pre-cache the first N seconds". Kept offline once
   * completed, like any download.
   */
  public Download precache(java.net.URI uri, Duration first) {
    return add(DownloadRequest.builder(uri).range(DownloadRange.first(first)).build());
  }

  /** {@link #pause(String, String)} with the reason {@code "paused"}. */
  public Download pause(String id) {
    return pause(id, "paused");
  }

  /**
   * Pauses a download that is queued or running (its network stops within a second; its bytes
   * stay): {@link DownloadState#PAUSED} with {@code reason} as its stop reason. A paused
   * download's reason is replaced; a completed or failed one is returned unchanged.
   *
   * @throws java.util.NoSuchElementException if there is no such download
   */
  public Download pause(String id, String reason) {
    Objects.requireNonNull(reason, "reason");
    return call(() -> {
      Entry e = entry(id);
      DownloadState s = e.download.state();
      if (s == DownloadState.QUEUED || s == DownloadState.DOWNLOADING || s == DownloadState.PAUSED) {
        stopRun(e);
        move(e, DownloadState.PAUSED, Optional.of(reason), e.download.failure());
        reconcile();
      }
      return e.download;
    });
  }

  /**
   * Queues a paused or failed download again (a failed one with its attempts reset); others are
   * returned unchanged.
   *
   * @throws java.util.NoSuchElementException if there is no such download
   */
  public Download resume(String id) {
    return call(() -> {
      Entry e = entry(id);
      if (e.download.state() == DownloadState.PAUSED || e.download.state() == DownloadState.FAILED) {
        e.download = e.download.withRetry(0, Optional.empty());
        move(e, DownloadState.QUEUED, Optional.empty(), Optional.empty());
        reconcile();
      }
      return e.download;
    });
  }

  /** Pauses every queued or running download with the reason {@code "paused all"}. */
  public void pauseAll() {
    for (Download d : list()) {
      if (d.state() == DownloadState.QUEUED || d.state() == DownloadState.DOWNLOADING) pause(d.id(), "paused all");
    }
  }

  /** Resumes every paused download. */
  public void resumeAll() {
    for (Download d : list()) {
      if (d.state() == DownloadState.PAUSED) resume(d.id());
    }
  }

  /**
   * Removes a download: stops it, and deletes its cached bytes unless another download of this
   * manager has the same resource or an open source holds them (then they stay, no longer kept
   * offline, and eviction may take them later). Returns once it left the list, after at most a few
   * seconds; false if there was no such download.
   */
  public boolean remove(String id) {
    CompletableFuture<Void> done = call(() -> {
      Entry e = entries.get(id);
      if (e == null) return null;
      if (e.download.state() == DownloadState.REMOVING) return CompletableFuture.<Void>completedFuture(null);
      stopRun(e);
      move(e, DownloadState.REMOVING, Optional.empty(), Optional.empty());
      CompletableFuture<Void> f = new CompletableFuture<>();
      finishRemoval(e, System.nanoTime() + REMOVE_PATIENCE.toNanos(), f);
      return f;
    });
    if (done == null) return false;
    try {
      done.get(REMOVE_PATIENCE.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("removing download {} did not finish: {}", id, e.toString());
    }
    return true;
  }

  /** Every download, in the order they were added. */
  public List<Download> list() {
    return snapshot;
  }

  /** The download with {@code id}, if there is one. */
  public Optional<Download> get(String id) {
    for (Download d : snapshot) if (d.id().equals(id)) return Optional.of(d);
    return Optional.empty();
  }

  /** Tells the manager the condition may have changed: it stops or starts downloads now. */
  public void conditionChanged() {
    call(() -> {
      if (!closed) reconcile();
      return null;
    });
  }

  /**
   * Waits until no download is queued, running or being removed (every one completed, failed or
   * paused). Returns false if that did not happen within {@code timeout}.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    idleLock.lock();
    try {
      while (!idle()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      idleLock.unlock();
    }
  }

  private boolean idle() {
    for (Download d : snapshot) {
      if (d.state() == DownloadState.QUEUED || d.state() == DownloadState.DOWNLOADING || d.state() == DownloadState.REMOVING) return false;
    }
    return true;
  }

  /**
   * Stops every run (each is {@link DownloadState#QUEUED} in the persisted queue, for the next
   * manager to continue), releases the offline pins and ends the manager's thread. Idempotent.
   */
  @Override
  public void close() {
    if (thread.isShutdown()) return;
    try {
      call(() -> {
        if (closed) return null;
        closed = true;
        for (Entry e : entries.values()) {
          if (e.run != null) {
            stopRun(e);
            move(e, DownloadState.QUEUED, Optional.empty(), e.download.failure());
          }
        }
        persist();
        pins.releaseAll();
        return null;
      });
    } finally {
      thread.shutdown();
    }
  }

  // ---- the manager's thread ----

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

  private void finishRemoval(Entry e, long deadlineNanos, CompletableFuture<Void> done) {
    var key = e.download.request().effectiveKey();
    boolean shared = false;
    for (Entry other : entries.values()) {
      if (other != e && other.download.state() != DownloadState.REMOVING && other.download.request().effectiveKey().equals(key)) shared = true;
    }
    if (!shared) {
      pins.release(key);
      try {
        options.store().remove(key);
      } catch (IllegalStateException open) {
        if (System.nanoTime() < deadlineNanos) {
          // Our own run's download thread may still hold its writer for a moment; an app's open
          // source holds it for as long as it is open.
          thread.schedule(() -> finishRemoval(e, deadlineNanos, done), 50, TimeUnit.MILLISECONDS);
          return;
        }
        log.info("bytes of download {} are held by an open source; left to eviction", e.download.id());
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
    snapshot = List.copyOf(all);
    idleLock.lock();
    try {
      changed.signalAll();
    } finally {
      idleLock.unlock();
    }
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

  private <T> T call(Callable<T> task) {
    try {
      if (Thread.currentThread() == owner) return task.call();
      return thread.submit(task).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the download manager", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IllegalStateException("download manager is closed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Options for a {@link DownloadManager}. */
  public static final class Builder {
    private final FileSourceOptions options;
    private int parallelism = 3;
    private DownloadCondition condition = DownloadCondition.ALWAYS;
    private Duration progressInterval = Duration.ofMillis(500);
    private int maxAttempts = 5;
    private RetryPolicy backoff = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofMinutes(10)).build();

    private Builder(FileSourceOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /** Downloads running at once; default 3. @throws IllegalArgumentException if {@code n < 1} */
    public Builder parallelism(int n) {
      if (n < 1) throw new IllegalArgumentException("parallelism < 1: " + n);
      this.parallelism = n;
      return this;
    }

    /** When downloads may run; default always. */
    public Builder condition(DownloadCondition condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * How often a running download publishes progress and checks the condition; default 500 ms.
     *
     * @throws IllegalArgumentException if below 10 ms
     */
    public Builder progressInterval(Duration interval) {
      if (interval.toMillis() < 10) throw new IllegalArgumentException("progressInterval < 10 ms: " + interval);
      this.progressInterval = interval;
      return this;
    }

    /**
     * Failed runs in a row (without progress) before a download is {@link DownloadState#FAILED};
     * default 5. Each run retries on its own first, per the options' {@link RetryPolicy}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxAttempts(int n) {
      if (n < 1) throw new IllegalArgumentException("maxAttempts < 1: " + n);
      this.maxAttempts = n;
      return this;
    }

    /** The backoff between failed runs (its attempts are ignored); default 5 s doubling to 10 min, with jitter. */
    public Builder retryBackoff(RetryPolicy backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Opens the manager: reads the persisted queue (an unreadable one is set aside, see {@link
     * #recovery()}) and keeps its completed downloads offline. Runs nothing until {@link #start()}.
     *
     * @throws IOException if the queue file exists but cannot be read or set aside
     */
    public DownloadManager open() throws IOException {
      QueueFile file = new QueueFile(options.store().directory());
      QueueFile.Contents contents;
      CorruptQueueException recovery = null;
      try {
        contents = file.read();
      } catch (CorruptQueueException e) {
        log.warn(e.getMessage());
        recovery = e;
        contents = new QueueFile.Contents(List.of(), 1);
      }
      DownloadManager manager = new DownloadManager(this, contents, recovery);
      if (recovery != null) {
        CorruptQueueException r = recovery;
        manager.bus.ifPresent(b -> b.publish("downloads", meta -> new DownloadEvent.QueueDiscarded(meta,
            r.file().toString(), r.getMessage())));
      }
      manager.call(() -> {
        List<Entry> removing = new ArrayList<>();
        for (Entry e : manager.entries.values()) {
          if (e.download.state() == DownloadState.COMPLETED) manager.pins.keep(e.download.request().effectiveKey());
          if (e.download.state() == DownloadState.REMOVING) removing.add(e);
        }
        for (Entry e : removing) manager.finishRemoval(e, System.nanoTime(), new CompletableFuture<>());
        manager.persist();
        manager.publishSnapshot();
        return null;
      });
      return manager;
    }
  }
}
