package dev.barbiton.file.download;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * One thread of the manager's own owns the queue ({@link DownloadQueue}): every method hands it a
 * task and waits for it, so the state needs no lock; {@link #list()} and {@link #get} read an
 * immutable snapshot it publishes. Each running download runs on a thread of its own ({@link
 * DownloadRun}) and reports back through tasks on the manager's thread.
 */
public final class DownloadManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);
  private static final Duration REMOVE_PATIENCE = Duration.ofSeconds(5);

  private final ScheduledThreadPoolExecutor thread;
  private final DownloadQueue queue;
  private final CorruptQueueException recovery;
  private final ReentrantLock idleLock = new ReentrantLock();
  private final Condition changed = idleLock.newCondition();
  private volatile List<Download> snapshot = List.of();
  private volatile Thread owner;

  private DownloadManager(Builder b, QueueFile.Contents contents, CorruptQueueException recovery) {
    this.recovery = recovery;
    this.thread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "barbiton-downloads");
      t.setDaemon(true);
      owner = t;
      return t;
    });
    thread.setRemoveOnCancelPolicy(true);
    this.queue = new DownloadQueue(b, contents, thread, this::published);
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
      queue.start();
      return null;
    });
  }

  /**
   * Adds a download, {@link DownloadState#QUEUED}; it starts when a slot, its priority and the
   * condition allow (at once if they do and the manager is started: the download returned may be
   * {@link DownloadState#DOWNLOADING} already).
   *
   * @throws IllegalArgumentException if a download with the request's id exists, or the URL is
   *     not http(s)
   * @throws IllegalStateException if the manager is closed
   */
  public Download add(DownloadRequest request) {
    Objects.requireNonNull(request, "request");
    String scheme = String.valueOf(request.uri().getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + dev.barbiton.events.Redaction.url(request.uri().toString()));
    }
    return call(() -> queue.add(request));
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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    return call(() -> queue.pause(id, reason));
  }

  /**
   * Queues a paused or failed download again (a failed one with its attempts reset); others are
   * returned unchanged.
   *
   * @throws java.util.NoSuchElementException if there is no such download
   */
  public Download resume(String id) {
    Objects.requireNonNull(id, "id");
    return call(() -> queue.resume(id));
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
   * manager has the same resource. A source that has them open (a player's) reads on; their files
   * go when it closes ({@link AssetStore#remove}). Returns once it left the list; false if there
   * was no such download.
   */
  public boolean remove(String id) {
    Objects.requireNonNull(id, "id");
    CompletableFuture<Void> done = call(() -> queue.remove(id));
    if (done == null) return false;
    try {
      done.get(REMOVE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
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
      queue.conditionChanged();
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
   * manager to continue) and ends the manager's thread; completed downloads stay kept offline.
   * Idempotent.
   */
  @Override
  public void close() {
    if (thread.isShutdown()) return;
    try {
      call(() -> {
        queue.close();
        return null;
      });
    } finally {
      thread.shutdown();
    }
  }

  /** The queue's new snapshot: on the manager's thread. */
  private void published(List<Download> downloads) {
    snapshot = downloads;
    idleLock.lock();
    try {
      changed.signalAll();
    } finally {
      idleLock.unlock();
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
    final FileSourceOptions options;
    int parallelism = 3;
    DownloadCondition condition = DownloadCondition.ALWAYS;
    Duration progressInterval = Duration.ofMillis(500);
    int maxAttempts = 5;
    RetryPolicy backoff = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofMinutes(10)).build();

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
        options.eventBus().ifPresent(b -> b.publish("downloads", meta -> new DownloadEvent.QueueDiscarded(meta,
            r.file().toString(), r.getMessage())));
      }
      manager.call(() -> {
        manager.queue.restore();
        return null;
      });
      return manager;
    }
  }
}
