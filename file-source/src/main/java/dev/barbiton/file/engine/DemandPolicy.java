package dev.barbiton.file.engine;

import java.util.concurrent.TimeUnit;

/**
 * Decides whether a reader blocked ahead of a running request should get a request of its own:
 * it should when waiting for the running request to reach it would take longer than a new
 * request costs. The wait is the distance over the measured throughput; the cost is the measured
 * time to first byte, never less than {@link #FLOOR_NANOS}. Past the look-ahead cap a reader
 * always moves the download, and a reader behind the request's start always does (those bytes
 * are not coming).
 *
 * <p>So a demuxer that hops forward (a {@code moof} walk, a Cues scan, a seek past an {@code
 * mdat}) gets the download at each hop on a slow link, and rides the running request on a fast
 * one, where the bytes arrive sooner than a new connection would answer.
 *
 * <p>Threads: the driver's thread records measurements; reader threads ask. Fields are volatile
 * doubles and longs written by one thread: readers see a recent estimate, which is all a
 * heuristic needs.
 */
final class DemandPolicy {
  /** The least a new request is taken to cost: a connection, a request, a response, a hand-off. */
  static final long FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
  /**
   * A reader no farther ahead than this always rides the running request, as FFmpeg's own AVIO
   * reads through forward seeks of up to 32 KiB: demuxers reading interleaved samples hop that
   * little all the time, and a request per hop would cut the file into fragments. Before any
   * throughput is measured, a reader farther ahead moves the download.
   */
  static final long MIN_DISTANCE = 32 << 10;
  /** A request's throughput counts once its body has run this long. */
  private static final long MIN_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final double WEIGHT = 0.3;

  private final long cap;
  private volatile double bytesPerNano = Double.NaN;
  private volatile long requestCostNanos = -1;

  /** @param cap the look-ahead: a reader farther ahead than this always moves the download */
  DemandPolicy(long cap) {
    this.cap = cap;
  }

  /** A response's headers arrived {@code nanos} after its request was sent. */
  void answered(long nanos) {
    long previous = requestCostNanos;
    requestCostNanos = previous < 0 ? nanos : (long) (previous + WEIGHT * (nanos - previous));
  }

  /** The running request has received {@code bytes} in the {@code nanos} since its first body byte. */
  void received(long bytes, long nanos) {
    if (nanos < MIN_SAMPLE_NANOS || bytes <= 0) return;
    bytesPerNano = (double) bytes / nanos;
  }

  /** Whether a reader {@code distance} bytes ahead of the next byte to arrive should get a request. */
  boolean worthMoving(long distance) {
    if (distance <= MIN_DISTANCE) return false;
    if (distance > cap) return true;
    double rate = bytesPerNano;
    if (Double.isNaN(rate)) return true;
    double waitNanos = distance / rate;
    return waitNanos > Math.max(FLOOR_NANOS, requestCostNanos);
  }

  /**
   * How far ahead of another running request's next byte (a part's) a reader waits for it rather
   * than get the main request: what arrives at the measured rate in the time a new request costs,
   * at least {@link #MIN_DISTANCE}, at most the cap.
   */
  long soon() {
    double rate = bytesPerNano;
    if (Double.isNaN(rate)) return MIN_DISTANCE;
    double bytes = rate * Math.max(FLOOR_NANOS, requestCostNanos);
    return (long) Math.min(cap, Math.max(MIN_DISTANCE, bytes));
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "DemandPolicy[%.1f MB/s, request %.2f ms, cap %d]",
        bytesPerNano * 1e3, requestCostNanos / 1e6, cap);
  }
}
