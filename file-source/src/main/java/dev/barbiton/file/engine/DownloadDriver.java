package dev.barbiton.file.engine;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.file.InvalidResponseException;
import dev.barbiton.file.RetriesExhaustedException;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.SourceException;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceWriter;
import dev.barbiton.assets.StorageException;
import dev.barbiton.assets.WriterClaimedException;
import dev.barbiton.events.Redaction;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of one source: claims the resource's writer and fetches what is missing until
 * the resource is committed, the source is closed, or the retry policy gives up.
 *
 * <p>Threads: {@link #run} runs on the source's executor, one thread for the driver's life. {@link
 * #onDemand} runs on reader threads (from the asset store, no lock held) and {@link #close} on
 * any thread; both only set volatile fields and cancel the current {@link Call}, which OkHttp
 * allows from any thread.
 *
 * <p>A demand is a reader blocked at a position. {@link DemandPolicy} decides whether the running
 * request will reach it soon enough or the reader gets a request of its own: behind the request's
 * start, past the look-ahead cap, or farther than the measured throughput covers in the time a
 * new request costs, the request is cancelled and the next one starts there, unless it is
 * protected for a while ({@link RunningRequest}). After each request the
 * driver picks the most recently blocked reader again, then goes on sequentially, then fills the
 * gaps.
 *
 * <p>The first bytes of the file are checked before anything is cached ({@link ContentCheck}),
 * and when they state an index at the end ({@link MediaSniffer#indexAtEnd}) a {@link TailFetch} brings it on a
 * second connection while the main request goes on; the main request treats the tail's range as
 * on its way and fetches what the tail did not bring.
 */
public final class DownloadDriver implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DownloadDriver.class);
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final AssetResource resource;
  private final OkHttpClient client;
  private final Map<String, String> headers;
  private final RetryPolicy retry;
  private final DemandPolicy policy;
  private final boolean checkContent;
  private final SourceEvents events;
  private final PhaseState phase;
  private final ResponseChecks checks;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  /** The only bytes fetched unless a reader asks for others ({@link FileSourceOptions#fetchOnly()}); null for the whole file. */
  private final ScopedFetch scope;
  /** Wakes a scoped driver that idles with its scope cached: a reader blocked, or close. */
  private final Semaphore wake = new Semaphore(0);
  /** One chunk of body: up to this many bytes that already arrived go to the cache in one write (BodyChunks). */
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 << 10);
  /** Runs as bytes arrive (see the constructor). */
  private final Runnable bytesArrived;
  private final PauseGate pause;

  private volatile boolean closed;
  private volatile Call currentCall;
  private final RunningRequest running = new RunningRequest();
  private final CachedTicks cachedTicks = new CachedTicks();

  private HttpUrl url;
  private long cursor;
  /** The call of the latest request, kept after it ends: the driver's thread only. */
  private Call lastCall;
  /** The running or last tail fetch; null when none was started. */
  private volatile TailFetch tail;
  /** The parts on connections of their own (see {@link FileSourceOptions#connections()}). */
  private final Parts parts;
  /** Whether the first bytes were looked at for an index at the end: the driver's thread only. */
  private boolean tailDecided;

  /**
   * A driver that fetches only while {@code pause} lets it, and runs {@code bytesArrived} while
   * bytes arrive: on the driver's thread at most every 200 ms (with each {@code Cached} event),
   * and on the tail fetch's thread when it ends. It must be quick, hold no lock a reader may hold,
   * and not throw.
   */
  public DownloadDriver(HttpUrl url, AssetResource resource, OkHttpClient client, FileSourceOptions options,
      SourceEvents events, PhaseState phase, PauseGate pause, Runnable bytesArrived) {
    this.bytesArrived = bytesArrived;
    this.pause = pause;
    this.url = url;
    this.resource = resource;
    this.client = client;
    this.headers = options.headers();
    this.retry = options.retryPolicy();
    this.policy = new DemandPolicy(options.lookAhead());
    this.checkContent = !options.acceptAnyContent();
    this.events = events;
    this.phase = phase;
    this.checks = new ResponseChecks(events, options.maxLength(), this::stopOtherWriters);
    this.scope = options.fetchOnly().map(ScopedFetch::new).orElse(null);
    this.parts = new Parts(Math.min(options.connections(), client.dispatcher().getMaxRequestsPerHost()),
        options.adaptiveConnections());
  }

  @Override
  public void run() {
    DownloadOutcome outcome;
    try {
      outcome = claimAndDownload();
    } catch (IOException e) {
      outcome = closed ? new DownloadOutcome.Cancelled() : new DownloadOutcome.Failed(e);
    } catch (RuntimeException | Error e) {
      log.error("download of {} failed unexpectedly", redactedUrl(), e);
      outcome = new DownloadOutcome.Failed(e instanceof Exception ex ? ex : new IOException(e));
    }
    if (outcome instanceof DownloadOutcome.Failed failed) events.error(String.valueOf(failed.cause().getMessage()));
    phase.complete(outcome);
  }

  /** Stops the download promptly: cancels the running request and any backoff wait. */
  public void close() {
    closed = true;
    closedLatch.countDown();
    wake.release();
    Call call = currentCall;
    if (call != null) call.cancel();
    TailFetch t = tail;
    if (t != null) t.cancel();
  }

  /** The source was paused: stops the running requests (the tail's too) without failing anything. */
  public void pauseNow() {
    Call call = currentCall;
    if (call != null) call.cancel();
    TailFetch t = tail;
    if (t != null) t.cancel();
    parts.cancelAll();
  }

  /** A reader blocked at {@code pos}: move the download there if the running request won't reach it soon. */
  void onDemand(long pos) {
    if (checks.rangeIgnored()) return; // the whole body is all this server gives
    long length = resource.length().orElse(Long.MAX_VALUE);
    if (pos >= length) return; // at the end: the read returns at once
    TailFetch t = tail;
    // The tail is small and on its way: the main request could only fetch it twice.
    if (t != null && t.isRunning() && pos >= t.start() && pos < t.end()) return;
    if (parts.bringsSoon(pos, policy.soon())) return; // a part's request is about to write it
    long start = running.start();
    if (start < 0) {
      wake.release(); // between requests the driver looks itself; an idle scoped one must wake first
      return;
    }
    if (pos >= start && !policy.worthMoving(pos - running.next())) return;
    if (running.askSwitch(pos)) {
      Call call = currentCall;
      if (call != null) call.cancel();
    }
  }

  private DownloadOutcome claimAndDownload() throws IOException {
    phase.startDownloading();
    while (!closed) {
      if (resource.isCommitted()) return new DownloadOutcome.Finished(resource.length().getAsLong());
      ResourceWriter writer;
      try {
        writer = resource.claimWriter();
      } catch (WriterClaimedException e) {
        // Another source downloads this resource: read what it writes, take over if it stops.
        resource.awaitNoWriter(Duration.ofDays(1));
        continue;
      }
      try (writer) {
        writer.onDemand(this::onDemand);
        try {
          return download(writer);
        } catch (SourceException | StorageException | RuntimeException e) {
          // Inside the try-with-resources: its catch would run after the writer closed, when
          // fail() can no longer tell blocked readers (they waited out their read timeout).
          if (!closed) failQuietly(writer, e);
          throw e;
        } finally {
          stopTail(); // it writes through this writer: done before the writer closes
        }
      }
    }
    return new DownloadOutcome.Cancelled();
  }

  private DownloadOutcome download(ResourceWriter writer) throws IOException {
    int attempt = 1;
    int unknownHosts = 0;
    boolean restartedVersion = false;
    while (true) {
      if (closed) return cancelled();
      if (pause.isPaused()) {
        if (!pause.awaitRunning()) return cancelled();
        continue; // what is missing may have changed meanwhile: look again
      }
      long length = writer.length().orElse(-1);
      TailFetch t = tail;
      ByteRanges tailed = t == null ? writer.available() : t.inFlight(writer.available());
      ByteRanges have = parts.inFlight(tailed);
      wake.drainPermits(); // what woke us is looked at now
      long[] waiting = writer.waitingPositions();
      FetchTarget target = scope == null
          ? FetchTarget.next(have, length, cursor, waiting)
          : scope.next(have, length, waiting);
      if (parts.anyRunning()) target = parts.forMain(target, tailed, writer.available(), length, cursor, waiting, scope != null,
          policy.soon());
      if (target == null && t != null && t.isRunning()) {
        t.awaitBriefly(); // all that is missing is on its way through the tail request
        continue;
      }
      if (target == null && parts.anyRunning()) {
        parts.awaitBriefly(); // all that is missing is on its way through the parts
        continue;
      }
      if (target == null && scope != null && !(length >= 0 && writer.available().contains(0, length))) {
        idle(); // the scope is cached: wait for a reader that wants more, or for close
        continue;
      }
      if (target == null) {
        try {
          writer.commit(length);
        } catch (IllegalStateException e) {
          // A reader found cached bytes bad after the target was chosen: fetch them again.
          if (!writer.available().contains(0, length)) continue;
          throw e;
        }
        events.cached(length, length, 0);
        return new DownloadOutcome.Finished(length);
      }
      if (checks.rangeIgnored()) target = new FetchTarget(0, -1, false); // the whole body is all we can get
      long before = writer.available().totalBytes();
      try {
        fetch(writer, target, attempt);
        attempt = 1;
      } catch (LengthContradictionException e) {
        // A total that lies poisons its version: every resume would meet the same contradiction.
        if (restartedVersion) {
          throw new InvalidResponseException(e.getMessage() + "; still after its cached bytes were dropped and it was"
              + " fetched again from the start");
        }
        restartedVersion = true;
        long discarded = writer.available().totalBytes();
        log.warn("{}; dropping its {} cached bytes and fetching it again from the start", e.getMessage(), discarded);
        events.requestFailed(e.getMessage(), true);
        stopOtherWriters();
        writer.discard();
        cursor = 0;
      } catch (IOException e) {
        if (closed) {
          events.cancelled(); // the request in flight, stopped by close()
          return cancelled();
        }
        if (pause.isPaused()) {
          events.cancelled(); // stopped by pause(): not an attempt
          continue;
        }
        boolean progressed = writer.available().totalBytes() > before;
        // Only our own cancel, to serve a reader elsewhere, is not an attempt. A request that
        // failed by itself counts even when a switch is pending: else two readers far apart
        // would retry a failing server forever, never reaching the retry policy's limit.
        if (running.switchRequested() && lastCall != null && lastCall.isCanceled()) {
          parts.mainMoved(System.nanoTime());
          events.superseded(running.switchTarget());
          continue;
        }
        FailureKind kind = FailureKind.of(e);
        boolean retryable = kind == FailureKind.TRANSIENT || (kind == FailureKind.UNKNOWN_HOST && unknownHosts++ == 0);
        events.requestFailed(String.valueOf(e.getMessage()), retryable);
        if (!retryable) throw e;
        attempt = progressed ? 2 : attempt + 1;
        if (attempt > retry.maxAttempts()) throw new RetriesExhaustedException(redactedUrl(), attempt - 1, e);
        Duration backoff = e instanceof RetryableStatusException status && status.retryAfter() != null
            ? (status.retryAfter().compareTo(MAX_RETRY_AFTER) <= 0 ? status.retryAfter() : MAX_RETRY_AFTER)
            : retry.backoffBefore(attempt);
        events.retrying(attempt, retry.maxAttempts(), e, backoff);
        try {
          if (closedLatch.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) return cancelled();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return cancelled();
        }
      } finally {
        running.end();
      }
    }
  }

  private void fetch(ResourceWriter writer, FetchTarget target, int attempt) throws IOException {
    Request.Builder request = new Request.Builder().url(url).header("Accept-Encoding", "identity");
    headers.forEach(request::header);
    SocketBacklog backlog = new SocketBacklog();
    request.tag(SocketBacklog.class, backlog);
    if (!checks.rangeIgnored()) request.header("Range", target.rangeHeader());
    String ifRange = writer.available().isEmpty() ? null : ResponseChecks.ifRangeValidator(writer.metadata());
    if (ifRange != null && !checks.rangeIgnored()) request.header("If-Range", ifRange);
    events.requestStarted(url.toString(), target.start(), target.endInclusive(), attempt);
    running.begin(target);
    // A reader that blocked after the target was chosen announced itself to nobody: look again.
    for (long waiting : writer.waitingPositions()) {
      if (writer.available().contiguousFrom(waiting) == 0) onDemand(waiting);
    }
    long sent = System.nanoTime();
    Call call = client.newCall(request.build());
    lastCall = call;
    currentCall = call;
    if (closed || pause.isPaused() || (running.switchRequested() && !running.servingDemand())) call.cancel();
    try (Response response = call.execute()) {
      long answered = System.nanoTime() - sent;
      policy.answered(answered);
      events.firstByte(response.code(), answered, response.code() == 206);
      HttpUrl finalUrl = response.request().url();
      if (!finalUrl.equals(url)) {
        events.redirected(finalUrl.toString());
        // Go straight there next time, but only on the same origin (scheme, host and port): our
        // headers, credentials among them, must never reach another one. Redirects that OkHttp
        // follows to another origin go without them (OriginHeaders).
        if (OriginHeaders.sameOrigin(finalUrl, url)) url = finalUrl;
      }
      ResponseChecks.Plan plan = checks.check(response, target, writer, redactedUrl());
      if (plan.done()) return;
      events.bodyStarted();
      try {
        stream(writer, call, response, plan, target, sent, backlog);
      } finally {
        events.bodyEnded();
      }
    } finally {
      currentCall = null;
    }
  }

  private void stream(ResourceWriter writer, Call call, Response response, ResponseChecks.Plan plan,
      FetchTarget target, long sent, SocketBacklog backlog) throws IOException {
    BodyChunks body = new BodyChunks(response.body().source(), backlog);
    long pos = plan.bodyStart();
    long received = 0;
    long stopAt = target.endInclusive() < 0 ? Long.MAX_VALUE : target.endInclusive() + 1;
    parts.forgetEnded();
    // Where this body must end: where its headers said, else the cap. A body that goes on past it
    // (an endless chunked body, more bytes than its Content-Range) is stopped before it is written.
    long declaredEnd = plan.bodyLength() >= 0 ? plan.bodyStart() + plan.bodyLength() : checks.maxLength();
    // The file's first bytes are looked at before any of them is cached.
    int firstBytesNeeded = checkContent && pos == 0 && writer.available().contiguousFrom(0) == 0
        ? (int) Math.min(ContentCheck.BYTES, plan.bodyLength() >= 0 ? plan.bodyLength() : ContentCheck.BYTES) : 0;
    long bodyStarted = 0;
    RequestProgress progress = new RequestProgress(events, plan.bodyLength(), PROGRESS_INTERVAL_NANOS, System.nanoTime());
    while (true) {
      ((Buffer) buffer).clear();
      if (!checks.rangeIgnored()) CacheWrites.limitRead(buffer, writer.available(), pos, stopAt);
      int n = body.fill(buffer, Math.min(firstBytesNeeded, buffer.limit()));
      if (n < 0) break;
      events.received(n);
      ((Buffer) buffer).flip();
      if (firstBytesNeeded > 0) {
        firstBytesNeeded = 0;
        ContentCheck.refuseIfNotMedia(redactedUrl(), writer, response.header("Content-Type"), buffer, this::stopOtherWriters);
      }
      ResponseChecks.checkBodyEnd(redactedUrl(), pos + n, declaredEnd, plan.bodyLength() >= 0, writer.length().orElse(Long.MAX_VALUE));
      // The file's first bytes in hand: the tail starts before any reader sees them, so a demuxer
      // that goes straight for the index finds it requested.
      if (!tailDecided && pos == 0) startTailIfStated(writer, buffer.duplicate());
      // The chunk is in hand: a reader the write below wakes, reading on to its end and blocking
      // there, must see the driver as already there, not a whole chunk behind (a new request).
      running.at(pos + n);
      CacheWrites.writeMissing(writer, pos, buffer);
      if (received == 0 && response.code() == 206 && !checks.rangeIgnored()) { // a 200 says nothing of ranges
        stopAt = parts.split(client, url, headers, writer, events, tail, bytesArrived, pos + n, stopAt);
        if (closed) parts.cancelAll();
      }
      pos += n;
      received += n;
      running.at(pos);
      long now = System.nanoTime();
      if (bodyStarted == 0) bodyStarted = now;
      if (response.code() == 206 && !checks.rangeIgnored()) {
        stopAt = parts.adapt(client, url, headers, writer, events, tail, bytesArrived, now, pos, stopAt);
      }
      policy.received(received, now - bodyStarted);
      if (!tailDecided) startTailIfStated(writer, TailFetch.cachedFirstBytes(resource, writer));
      progress.received(received, now);
      if (cachedTicks.due(now, PROGRESS_INTERVAL_NANOS)) {
        cachedTicks.publish(events, writer, now);
        bytesArrived.run();
      }
      if (running.switchDue(pos)) {
        call.cancel();
        cursor = pos;
        parts.mainMoved(now);
        events.superseded(running.switchTarget());
        running.switched();
        return;
      }
      if (pos >= stopAt) {
        // Parts took the rest of the range asked for: closing the response would read it on for a while to keep the connection.
        if (target.endInclusive() < 0 || stopAt <= target.endInclusive()) call.cancel();
        break;
      }
      if (!checks.rangeIgnored() && writer.available().contiguousFrom(pos) > 0) {
        // Caught up with bytes fetched earlier: stop here rather than fetch them twice.
        call.cancel();
        break;
      }
    }
    cursor = pos;
    if (plan.bodyStart() == 0 && plan.bodyLength() < 0 && pos < stopAt && !writer.length().isPresent()) {
      writer.setLength(pos); // a body of unknown length ended: that is the length
      events.lengthResolved(pos);
    }
    events.requestFinished(received, System.nanoTime() - sent);
  }

  /**
   * Looks at the file's first bytes ({@code first}, from offset 0) for an index at the end of the
   * file and, once they state one that is not cached, starts a {@link TailFetch} for it. Decides
   * once; until the first bytes suffice, it looks again after the next write.
   */
  private void startTailIfStated(ResourceWriter writer, ByteBuffer first) {
    long[] range = TailFetch.statedRange(first, writer, checks.rangeIgnored());
    if (range == null) return;
    tailDecided = true;
    if (range.length == 0) return;
    TailFetch t = new TailFetch(client, url, headers, ResponseChecks.ifRangeValidator(writer.metadata()),
        writer, events, range[0], range[1], bytesArrived);
    tail = t;
    if (closed) t.cancel();
    events.tailRequested(range[0], range[1] - 1, TailFetch.container(first));
    Thread thread = new Thread(t, "barbiton-tail");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for a blocked reader or close (a second at most, then looks again anyway). */
  private void idle() {
    try {
      wake.tryAcquire(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  /**
   * Before the cached bytes are discarded (the file changed, or they are refused): stops the tail
   * and the parts, which write the old version, and lets the new version's first bytes decide on
   * a tail again. The driver's thread.
   */
  private void stopOtherWriters() {
    stopTail();
    tailDecided = false;
  }

  /** Stops the tail fetch and the parts, if any, and waits until they no longer write. */
  private void stopTail() {
    TailFetch t = tail;
    if (t != null) t.stopAndWait();
    parts.stopAll();
  }

  private DownloadOutcome cancelled() {
    return new DownloadOutcome.Cancelled();
  }

  private static void failQuietly(ResourceWriter writer, Exception cause) {
    try {
      writer.fail(cause);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private String redactedUrl() {
    return Redaction.url(url.toString());
  }
}
