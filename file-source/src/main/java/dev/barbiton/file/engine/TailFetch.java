package dev.barbiton.file.engine;

import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.assets.ResourceWriter;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request for a range on a connection of its own while the driver's main request goes on: the
 * index at the end of a file (see {@link MediaSniffer#indexAtEnd}), or a part of the file when the
 * download uses several connections ({@link #part}). It writes through the driver's writer, only bytes not
 * cached yet, and stops at the end, at bytes already cached, or at the first sign of trouble: it
 * takes only a 206 for exactly its range, of the same length and validators the main request saw.
 * Whatever it did not fetch, the main request fetches later: a tail fetch never fails a download.
 *
 * <p>Threads: {@link #run} on a thread of its own; {@link #next()}, {@link #isRunning()} and
 * {@link #cancel()} from any thread.
 */
final class TailFetch implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TailFetch.class);

  private final OkHttpClient client;
  private final Request request;
  private final ResourceWriter writer;
  private final SourceEvents events;
  private final long start;
  private final long end;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Runnable ended;
  private volatile long next;
  private volatile boolean running = true;
  private volatile Call call;
  private volatile boolean refused;
  /** A part of a download over several connections (its events are parts'), not the tail. */
  private final boolean part;

  TailFetch(OkHttpClient client, HttpUrl url, Map<String, String> headers, String ifRange,
      ResourceWriter writer, SourceEvents events, long start, long end, Runnable ended) {
    this(client, url, headers, ifRange, writer, events, start, end, ended, false);
  }

  TailFetch(OkHttpClient client, HttpUrl url, Map<String, String> headers, String ifRange,
      ResourceWriter writer, SourceEvents events, long start, long end, Runnable ended, boolean part) {
    this.part = part;
    this.client = client;
    this.ended = ended;
    this.writer = writer;
    this.events = events;
    this.start = start;
    this.end = end;
    this.next = start;
    Request.Builder builder = new Request.Builder().url(url).header("Accept-Encoding", "identity");
    headers.forEach(builder::header);
    builder.header("Range", "bytes=" + start + "-" + (end - 1));
    if (ifRange != null) builder.header("If-Range", ifRange);
    this.request = builder.build();
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  /** The next byte this fetch will write. */
  long next() {
    return next;
  }

  boolean isRunning() {
    return running;
  }

  /** Whether the server did not answer with this range of the same version (a 200, another range, another ETag). */
  boolean refused() {
    return refused;
  }

  /** What this fetch will bring soon: {@code [next, next + window)} within its range, while it runs. */
  ByteRanges inFlightNear(ByteRanges have, long window) {
    long from = next;
    return running && from < end ? have.with(from, Math.min(end, from + window)) : have;
  }

  /** What this fetch is still bringing: {@code [next, end)} while it runs, nothing after. */
  ByteRanges inFlight(ByteRanges have) {
    long from = next;
    return running && from < end ? have.with(from, end) : have;
  }

  /** Stops the request; any thread. */
  void cancel() {
    running = false;
    Call current = call;
    if (current != null) current.cancel();
  }

  /** Waits a little (50 ms at most) for {@link #run} to return; the caller looks again after. */
  void awaitBriefly() throws java.io.InterruptedIOException {
    try {
      finished.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the tail request");
    }
  }

  /** Cancels the request and waits until {@link #run} returned (it no longer writes); keeps interrupts. */
  void stopAndWait() {
    cancel();
    boolean interrupted = false;
    while (true) {
      try {
        finished.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  @Override
  public void run() {
    long received = 0;
    String outcome = "complete";
    try {
      Call current = client.newCall(request);
      call = current;
      if (!running) current.cancel();
      try (Response response = current.execute()) {
        String refusal = refusal(response);
        if (refusal != null) {
          refused = true;
          outcome = refusal;
          return;
        }
        var body = response.body().source();
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        long pos = start;
        events.bodyStarted();
        try {
          while (running && pos < end) {
            ((Buffer) buffer).clear();
            CacheWrites.limitRead(buffer, writer.available(), pos, end);
            int n = body.read(buffer);
            if (n < 0) break;
            events.received(n);
            ((Buffer) buffer).flip();
            if (pos + n > end) throw new IOException("sent more bytes than its range");
            CacheWrites.writeMissing(writer, pos, buffer);
            pos += n;
            received += n;
            next = pos;
            if (pos < end && writer.available().contiguousFrom(pos) > 0) {
              outcome = "met cached bytes";
              current.cancel(); // closing would read the rest on for a while, to keep the connection
              break;
            }
          }
        } finally {
          events.bodyEnded();
        }
        if (!running && pos < end) outcome = "cancelled";
      }
    } catch (IOException | RuntimeException e) {
      outcome = running ? "failed: " + e : "cancelled";
      log.debug("tail fetch {}-{} ended: {}", start, end - 1, outcome);
    } finally {
      running = false;
      finished.countDown();
      if (part) events.partFinished(received, outcome); else events.tailFinished(received, outcome);
      ended.run(); // the tail's bytes are in: whatever waited for them can look
    }
  }

  /** Why the response cannot be used, or null when it is the range asked for of the same version. */
  private String refusal(Response response) {
    if (response.code() != 206) return "answered " + response.code() + ", not 206";
    ContentRange range = ContentRange.parse(response.header("Content-Range"));
    if (range == null || range.first() != start || range.last() != end - 1
        || !range.complete().isPresent() || range.complete().getAsLong() != writer.length().orElse(-1)) {
      return "answered Content-Range " + response.header("Content-Range");
    }
    String etag = response.header("ETag");
    String stored = writer.metadata().etag().orElse(null);
    if (etag != null && stored != null && !Objects.equals(etag, stored)) return "the file changed (ETag " + etag + ")";
    return null;
  }

  /**
   * What the file's first bytes ({@code first}, from offset 0) state of an index at its end: null
   * when they do not tell yet (look again after the next write), an empty array when there is none
   * to fetch (none stated, cached already, or no range to ask for), else {@code {start, end}}.
   */
  static long[] statedRange(ByteBuffer first, ResourceWriter writer, boolean rangeIgnored) {
    OptionalLong length = writer.length();
    if (!length.isPresent() || rangeIgnored) return new long[0]; // no range to ask for
    if (!first.hasRemaining()) return null;
    Optional<OptionalLong> stated = MediaSniffer.indexAtEnd(first, length.getAsLong());
    if (!stated.isPresent()) return null;
    if (!stated.get().isPresent()) return new long[0];
    long start = writer.available().firstMissing(stated.get().getAsLong());
    long end = length.getAsLong();
    return start >= end ? new long[0] : new long[] {start, end};
  }

  /** The container the first bytes are of, as {@link dev.barbiton.events.DownloadEvent.TailRequested} names it. */
  static String container(ByteBuffer first) {
    return first.remaining() >= 4 && first.getInt(first.position()) == 0x1A45DFA3 ? "matroska" : "mp4";
  }

  /**
   * The cached bytes from the file's start, at most {@link MediaSniffer#INDEX_AT_END_BYTES}. Never
   * waits: the driver's thread is the one that would fetch bytes that are missing, and cached bytes
   * of an earlier run may fail their check and be dropped as they are read.
   */
  static ByteBuffer cachedFirstBytes(AssetResource resource, ResourceWriter writer) throws IOException {
    int have = (int) Math.min(writer.available().contiguousFrom(0), MediaSniffer.INDEX_AT_END_BYTES);
    ByteBuffer first = ByteBuffer.allocate(have);
    try {
      while (first.hasRemaining() && resource.readAt(first.position(), first, java.time.Duration.ZERO) > 0) {
        // cached bytes: each read copies at once
      }
    } catch (ResourceTimeoutException e) {
      // dropped as bad: what came before them is all there is for now
    }
    return (ByteBuffer) ((Buffer) first).flip();
  }
}
