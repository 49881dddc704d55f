package dev.barbiton.file.engine;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceWriter;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import java.io.InterruptedIOException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The parts of one download over several connections: each a {@link TailFetch} of a range of the
 * file on a connection of its own, started by the driver. With a fixed count, a request that finds
 * a long stretch missing cuts it at once into that many ({@link #split}), one split at a time: no
 * new parts while any runs. Adaptive, a {@link ConnectionProbe} says how many should run as bytes
 * arrive, and each new part takes the second half of the longest stretch still to come ({@link
 * #adapt}); one that ends early is replaced while enough is left, and those of a step that brought
 * too little are cancelled. A part the server refused (not exactly its range of the same version) turns the
 * parts off for the rest of the download: that server is read over one connection.
 *
 * <p>Threads: the driver's thread adds and forgets parts; {@link #bringsSoon} and {@link
 * #cancelAll} run on any thread (a reader's, a closer's). The list is copy-on-write: a handful of
 * parts, changed a few times per download.
 */
final class Parts {
  /** The least a part fetches: below this, another connection costs more than it brings. */
  static final long MIN_PART = 1 << 20;

  private final int connections;
  /** Null for a fixed count. */
  private final ConnectionProbe probe;
  private final CopyOnWriteArrayList<TailFetch> parts = new CopyOnWriteArrayList<>();
  private volatile boolean refused;

  /** Parts for at most {@code connections} in all, found by trying when {@code adaptive}, else all at once. */
  Parts(int connections, boolean adaptive) {
    this.connections = Math.max(1, connections);
    this.probe = adaptive && this.connections > 1 ? new ConnectionProbe(this.connections) : null;
  }

  /**
   * At a request's first bytes: hands the rest of the stretch it would fetch ({@code [from,
   * stopAt)}, up to the first cached byte and the tail's range) to parts on connections of their
   * own, and returns where the request stops now. Unchanged with one connection, a refused part,
   * an unknown length, a stretch too short, or parts still running. The driver's thread.
   */
  long split(OkHttpClient client, HttpUrl url, Map<String, String> headers, ResourceWriter writer, SourceEvents events,
      TailFetch tail, Runnable bytesArrived, long from, long stopAt) {
    if (probe != null || !enabled() || !writer.length().isPresent()) return stopAt;
    long[] cuts = cuts(from, stretchEnd(writer, tail, from, stopAt));
    if (cuts == null) return stopAt;
    for (int i = 1; i + 1 < cuts.length; i++) {
      start(client, url, headers, writer, events, bytesArrived, cuts[i], cuts[i + 1], i + 1);
    }
    return cuts[1];
  }

  /**
   * Adaptive: as bytes arrive on the main request (next byte {@code pos}, stopping at {@code
   * stopAt}), asks the probe how many connections should run; for each one more, halves the longest
   * stretch still to come (the main request's or a running part's, each up to the first cached
   * byte) and hands its second half to a new part. Returns where the main request stops now. The
   * driver's thread.
   */
  long adapt(OkHttpClient client, HttpUrl url, Map<String, String> headers, ResourceWriter writer, SourceEvents events,
      TailFetch tail, Runnable bytesArrived, long now, long pos, long stopAt) {
    if (probe == null || refused || !writer.length().isPresent()) return stopAt;
    forgetEnded();
    int running = 1 + parts.size();
    int target = refused ? running : probe.target(now, () -> writer.available().totalBytes(), running);
    // The last step brought too little: its parts cost a connection (and CPU) for nothing; what
    // they leave, the main request fetches later.
    for (int i = parts.size() - 1; running > target && i >= 0; i--, running--) parts.get(i).cancel();
    for (; running < target; running++) {
      long mainEnd = stretchEnd(writer, tail, pos, stopAt);
      long bestStart = pos;
      long bestEnd = mainEnd;
      ByteRanges have = writer.available();
      for (TailFetch p : parts) {
        long next = p.next();
        long end = restEnd(p, have);
        if (p.isRunning() && end - next > bestEnd - bestStart) {
          bestStart = next;
          bestEnd = end;
        }
      }
      if (bestEnd - bestStart < 2 * MIN_PART) break;
      long mid = bestStart + (bestEnd - bestStart) / 2;
      start(client, url, headers, writer, events, bytesArrived, mid, bestEnd, running + 1);
      if (bestStart == pos && bestEnd == mainEnd) stopAt = mid;
    }
    return stopAt;
  }

  /** The main request restarted elsewhere (a reader moved it): the probe measures afresh. */
  void mainMoved(long now) {
    if (probe != null) probe.restart(now);
  }

  /** The end of the stretch from {@code from}: {@code stopAt}, the length, the first cached byte or the tail's start. */
  private static long stretchEnd(ResourceWriter writer, TailFetch tail, long from, long stopAt) {
    long end = Math.min(stopAt, writer.length().getAsLong());
    for (ByteRange r : writer.available().ranges()) {
      if (r.end() > from) {
        end = Math.min(end, Math.max(from, r.start()));
        break;
      }
    }
    if (tail != null && tail.isRunning() && tail.start() >= from) end = Math.min(end, tail.start());
    return end;
  }

  private void start(OkHttpClient client, HttpUrl url, Map<String, String> headers, ResourceWriter writer,
      SourceEvents events, Runnable bytesArrived, long from, long end, int connection) {
    String ifRange = ResponseChecks.ifRangeValidator(writer.metadata());
    TailFetch part = new TailFetch(client, url, headers, ifRange, writer, events, from, end, bytesArrived, true);
    parts.add(part);
    events.partRequested(from, end - 1, connection);
    Thread thread = new Thread(part, "barbiton-part");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether a new split may start: several connections, none refused, no part running. */
  boolean enabled() {
    forgetEnded();
    return connections > 1 && !refused && parts.isEmpty();
  }

  /**
   * Where to cut {@code [from, end)}: {@code cuts[0] == from}, {@code cuts[k] == end}, the main
   * request keeping the first piece; null when it is too short for two parts of {@link #MIN_PART}.
   */
  long[] cuts(long from, long end) {
    long length = end - from;
    int k = (int) Math.min(connections, length / MIN_PART);
    if (k < 2) return null;
    long[] cuts = new long[k + 1];
    for (int i = 0; i < k; i++) cuts[i] = from + length / k * i;
    cuts[k] = end;
    return cuts;
  }

  boolean anyRunning() {
    for (TailFetch p : parts) if (p.isRunning()) return true;
    return false;
  }

  /** {@code have} plus what the running parts are still bringing. */
  ByteRanges inFlight(ByteRanges have) {
    for (TailFetch p : parts) have = p.inFlight(have);
    return have;
  }

  /** {@code have} plus what the running parts bring within {@code near} of their next byte. */
  ByteRanges inFlightNear(ByteRanges have, long near) {
    for (TailFetch p : parts) have = p.inFlightNear(have, near);
    return have;
  }

  /**
   * Whether a running part writes {@code pos} soon: within {@code near} of its next byte ({@link
   * DemandPolicy#soon()}: what arrives in the time a new request costs).
   */
  boolean bringsSoon(long pos, long near) {
    for (TailFetch p : parts) {
      long next = p.next();
      if (p.isRunning() && pos >= next && pos < Math.min(p.end(), next + near)) return true;
    }
    return false;
  }

  /**
   * The second half of what the running part with the most left still has to fetch (up to the
   * first cached byte after its next one), for the main request once it has nothing else to do;
   * null when no part has {@link #MIN_PART} left. The part stops where the main request's bytes
   * begin.
   */
  FetchTarget steal(ByteRanges have) {
    long bestStart = -1;
    long bestEnd = -1;
    for (TailFetch p : parts) {
      if (!p.isRunning()) continue;
      long next = p.next();
      long end = restEnd(p, have);
      if (end - next >= MIN_PART && end - next > bestEnd - bestStart) {
        bestStart = next;
        bestEnd = end;
      }
    }
    if (bestStart < 0) return null;
    long mid = bestStart + (bestEnd - bestStart) / 2;
    return new FetchTarget(mid, bestEnd - 1, false);
  }

  /**
   * Where what part {@code p} still has to fetch ends: at the first cached byte after its next one,
   * or where another running part, ahead of it in its range, is (a part that took the second half
   * of its rest may not have written yet).
   */
  private long restEnd(TailFetch p, ByteRanges have) {
    long next = p.next();
    if (have.contiguousFrom(next) > 0) return next;
    long end = Math.min(p.end(), CacheWrites.firstCachedFrom(have, next));
    for (TailFetch q : parts) {
      long other = q.next();
      if (q != p && q.isRunning() && other > next && other < end) end = other;
    }
    return end;
  }

  /**
   * The main request's target while parts run: a reader waiting more than {@code near} ahead of a
   * part gets it (not the part's pace); with nothing else left ({@code chosen} null, not scoped),
   * the second half of the slowest part's rest ({@link #steal}); else {@code chosen}.
   */
  FetchTarget forMain(FetchTarget chosen, ByteRanges tailed, ByteRanges available, long length, long cursor,
      long[] waiting, boolean scoped, long near) {
    if (chosen != null && chosen.forDemand()) return chosen;
    FetchTarget demand = FetchTarget.next(inFlightNear(tailed, near), length, cursor, waiting);
    if (demand != null && demand.forDemand()) return demand;
    return chosen == null && !scoped ? steal(available) : chosen;
  }

  /** Waits a little (50 ms at most) for a running part to end. */
  void awaitBriefly() throws InterruptedIOException {
    for (TailFetch p : parts) {
      if (p.isRunning()) {
        p.awaitBriefly();
        return;
      }
    }
  }

  /** Drops the parts that ended, noting whether the server refused one. */
  void forgetEnded() {
    for (TailFetch p : parts) {
      if (p.isRunning()) continue;
      if (p.refused()) refused = true;
      parts.remove(p);
    }
  }

  void cancelAll() {
    for (TailFetch p : parts) p.cancel();
  }

  /** Stops every part and waits until none writes any more. */
  void stopAll() {
    for (TailFetch p : parts) p.stopAndWait();
    forgetEnded();
  }
}
