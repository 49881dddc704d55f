package dev.barbiton.file;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.assets.ResourceWriter;
import dev.barbiton.assets.StorageException;
import dev.barbiton.assets.WriterClaimedException;
import dev.barbiton.events.Redaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * <p>A demand is a reader blocked at a position. If that position is behind the running request's
 * start or more than the look-ahead past the byte being fetched, the request is cancelled and the
 * next one starts there. A request started for one reader serves at least {@link #MIN_SERVE}
 * bytes before another reader can take the download away, so two readers seeking back and forth
 * both make progress; after each request the driver picks the most recently blocked reader again,
 * then goes on sequentially, then fills the gaps.
 */
final class DownloadDriver implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DownloadDriver.class);
  static final long MIN_SERVE = 64 << 10;
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final AssetResource resource;
  private final OkHttpClient client;
  private final Map<String, String> headers;
  private final RetryPolicy retry;
  private final long lookAhead;
  private final SourceEvents events;
  private final PhaseState phase;
  private final ResponseChecks checks;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);

  private volatile boolean closed;
  private volatile Call currentCall;
  /** The running request's first byte and next byte; -1 between requests. */
  private volatile long fetchStart = -1;
  private volatile long fetchPos = -1;
  private volatile boolean servingDemand;
  private volatile boolean switchRequested;

  private HttpUrl url;
  private long cursor;
  /** The call of the latest request, kept after it ends: the driver's thread only. */
  private Call lastCall;

  DownloadDriver(HttpUrl url, AssetResource resource, OkHttpClient client, FileSourceOptions options,
      SourceEvents events, PhaseState phase) {
    this.url = url;
    this.resource = resource;
    this.client = client;
    this.headers = options.headers();
    this.retry = options.retryPolicy();
    this.lookAhead = options.lookAhead();
    this.events = events;
    this.phase = phase;
    this.checks = new ResponseChecks(events, options.maxLength());
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
  void close() {
    closed = true;
    closedLatch.countDown();
    Call call = currentCall;
    if (call != null) call.cancel();
  }

  /** A reader blocked at {@code pos}: move the download there if the running request won't reach it soon. */
  void onDemand(long pos) {
    long start = fetchStart;
    long next = fetchPos;
    if (start < 0 || checks.rangeIgnored()) return; // between requests the driver looks itself
    long length = resource.length().orElse(Long.MAX_VALUE);
    if (pos >= length) return; // a read at the end waits for the commit, not for a byte
    if (pos >= start && pos <= next + lookAhead) return;
    switchRequested = true;
    if (!servingDemand || next - start >= MIN_SERVE) {
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
        }
      }
    }
    return new DownloadOutcome.Cancelled();
  }

  private DownloadOutcome download(ResourceWriter writer) throws IOException {
    int attempt = 1;
    while (true) {
      if (closed) return cancelled();
      long length = writer.length().orElse(-1);
      ByteRanges have = writer.available();
      FetchTarget target = FetchTarget.next(have, length, cursor, writer.waitingPositions());
      if (target == null) {
        writer.commit(length);
        return new DownloadOutcome.Finished(length);
      }
      if (checks.rangeIgnored()) target = new FetchTarget(0, -1, false); // the whole body is all we can get
      long before = writer.available().totalBytes();
      try {
        fetch(writer, target, attempt);
        attempt = 1;
      } catch (IOException e) {
        if (closed) return cancelled();
        boolean progressed = writer.available().totalBytes() > before;
        // Only our own cancel, to serve a reader elsewhere, is not an attempt. A request that
        // failed by itself counts even when a switch is pending: else two readers far apart
        // would retry a failing server forever, never reaching the retry policy's limit.
        if (switchRequested && lastCall != null && lastCall.isCanceled()) {
          events.cancelled();
          continue;
        }
        boolean retryable = isRetryable(e);
        events.requestFailed(String.valueOf(e.getMessage()), retryable);
        if (!retryable) throw e;
        attempt = progressed ? 2 : attempt + 1;
        if (attempt > retry.maxAttempts()) throw new RetriesExhaustedException(redactedUrl(), attempt - 1, e);
        Duration backoff = e instanceof RetryableStatusException status && status.retryAfter() != null
            ? min(status.retryAfter(), MAX_RETRY_AFTER)
            : retry.backoffBefore(attempt);
        events.retrying(attempt, retry.maxAttempts(), String.valueOf(e.getMessage()), backoff);
        try {
          if (closedLatch.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) return cancelled();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return cancelled();
        }
      } finally {
        fetchStart = -1;
        fetchPos = -1;
      }
    }
  }

  private void fetch(ResourceWriter writer, FetchTarget target, int attempt) throws IOException {
    Request.Builder request = new Request.Builder().url(url).header("Accept-Encoding", "identity");
    headers.forEach(request::header);
    if (!checks.rangeIgnored()) request.header("Range", target.rangeHeader());
    String ifRange = writer.available().isEmpty() ? null : ResponseChecks.ifRangeValidator(writer.metadata());
    if (ifRange != null && !checks.rangeIgnored()) request.header("If-Range", ifRange);
    events.requestStarted(url.toString(), target.start(), target.endInclusive(), attempt);
    switchRequested = false;
    servingDemand = target.forDemand();
    fetchPos = target.start();
    fetchStart = target.start();
    // A reader that blocked after the target was chosen announced itself to nobody: look again.
    for (long waiting : writer.waitingPositions()) {
      if (writer.available().contiguousFrom(waiting) == 0) onDemand(waiting);
    }
    long sent = System.nanoTime();
    Call call = client.newCall(request.build());
    lastCall = call;
    currentCall = call;
    if (closed || (switchRequested && !servingDemand)) call.cancel();
    try (Response response = call.execute()) {
      events.firstByte(response.code(), System.nanoTime() - sent, response.code() == 206);
      HttpUrl answered = response.request().url();
      if (!answered.equals(url)) {
        events.redirected(answered.toString());
        // Go straight there next time, but only on the same origin (scheme, host and port): our
        // headers, credentials among them, must never reach another one. Redirects that OkHttp
        // follows to another origin go without them (OriginHeaders).
        if (OriginHeaders.sameOrigin(answered, url)) url = answered;
      }
      ResponseChecks.Plan plan = checks.check(response, target, writer, redactedUrl());
      if (plan.done()) return;
      stream(writer, call, response, plan, target, sent);
    } finally {
      currentCall = null;
    }
  }

  private void stream(ResourceWriter writer, Call call, Response response, ResponseChecks.Plan plan,
      FetchTarget target, long sent) throws IOException {
    var source = response.body().source();
    long pos = plan.bodyStart();
    long received = 0;
    long stopAt = target.endInclusive() < 0 ? Long.MAX_VALUE : target.endInclusive() + 1;
    // Where this body must end: where its headers said, else the cap. A body that goes on past it
    // (an endless chunked body, more bytes than its Content-Range) is stopped before it is written.
    long declaredEnd = plan.bodyLength() >= 0 ? plan.bodyStart() + plan.bodyLength() : checks.maxLength();
    long lastProgress = System.nanoTime();
    long receivedAtLastProgress = 0;
    while (true) {
      buffer.clear();
      int n = source.read(buffer);
      if (n < 0) break;
      buffer.flip();
      if (pos + n > declaredEnd) {
        throw new LengthLimitException(redactedUrl() + " sent more than " + declaredEnd + " bytes"
            + (plan.bodyLength() >= 0 ? ", past the end its headers declared" : ", the limit of FileSourceOptions.maxLength"),
            declaredEnd);
      }
      long length = writer.length().orElse(Long.MAX_VALUE);
      if (pos + n > length) {
        throw new InvalidResponseException(redactedUrl() + " sent bytes past the length " + length);
      }
      writeMissing(writer, pos, buffer);
      pos += n;
      received += n;
      fetchPos = pos;
      long now = System.nanoTime();
      if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
        double rate = (received - receivedAtLastProgress) * 1e9 / (now - lastProgress);
        events.progress(received, plan.bodyLength(), rate);
        lastProgress = now;
        receivedAtLastProgress = received;
      }
      if (switchRequested && (!servingDemand || pos - fetchStart >= MIN_SERVE)) {
        call.cancel();
        cursor = pos;
        events.cancelled();
        switchRequested = false;
        return;
      }
      if (pos >= stopAt) break;
      if (!checks.rangeIgnored() && writer.available().contiguousFrom(pos) > 0) {
        // Caught up with bytes fetched earlier: stop here rather than fetch them twice.
        call.cancel();
        break;
      }
    }
    cursor = pos;
    if (plan.bodyStart() == 0 && plan.bodyLength() < 0 && pos < stopAt && writer.length().isEmpty()) {
      writer.setLength(pos); // a body of unknown length ended: that is the length
      events.lengthResolved(pos);
    }
    events.requestFinished(received, System.nanoTime() - sent);
  }

  /** Writes the part of {@code src} not already cached, without rewriting cached bytes. */
  private static void writeMissing(ResourceWriter writer, long pos, ByteBuffer src) throws IOException {
    ByteRanges have = writer.available();
    int limit = src.limit();
    long at = pos;
    while (src.hasRemaining()) {
      long cached = have.contiguousFrom(at);
      if (cached > 0) {
        int skip = (int) Math.min(cached, src.remaining());
        src.position(src.position() + skip);
        at += skip;
        continue;
      }
      int n = (int) Math.min(src.remaining(), nextRangeStart(have, at) - at);
      src.limit(src.position() + n);
      writer.write(at, src);
      src.limit(limit);
      at += n;
    }
  }

  private static long nextRangeStart(ByteRanges have, long at) {
    for (var range : have.ranges()) {
      if (range.start() > at) return range.start();
    }
    return Long.MAX_VALUE;
  }

  private static boolean isRetryable(IOException e) {
    if (e instanceof SourceException) return e instanceof InvalidResponseException;
    return !(e instanceof StorageException || e instanceof ResourceClosedException);
  }

  private DownloadOutcome cancelled() {
    return new DownloadOutcome.Cancelled();
  }

  private static void failQuietly(ResourceWriter writer, Exception cause) {
    try {
      writer.fail(String.valueOf(cause.getMessage()));
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private String redactedUrl() {
    return Redaction.url(url.toString());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
