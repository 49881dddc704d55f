package dev.barbiton.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One path served by a {@link MediaServer}: its current version (bytes, strong ETag,
 * Last-Modified), its switches, and its script of faults. Methods return {@code this} and are
 * safe to call from any thread at any time; a change applies to requests that arrive after it.
 *
 * <p>Requests to this path are numbered from 1 in arrival order (every method, redirects
 * included). The faults for request <i>n</i> are applied in this order, the most specific last
 * (so it wins where faults conflict): those given to {@link #always}, then the head of the
 * {@link #next} queue if any, then those given to {@link #onRequest} for <i>n</i>.
 */
public final class MediaResource {
  /** One immutable version of the content. */
  record Version(int number, byte[] bytes, String etag, Instant lastModified) {}

  private final String path;
  private final Object lock = new Object();

  private volatile Version version;
  private volatile String contentType = "application/octet-stream";
  private volatile boolean ignoreRange;
  private volatile boolean chunked;
  private volatile long bytesPerSecond;
  private volatile SharedPace sharedPace;

  // Guarded by lock.
  private int requestCount;
  private final List<Fault> always = new ArrayList<>();
  private final Map<Integer, List<Fault>> byNumber = new HashMap<>();
  private final ArrayDeque<List<Fault>> queued = new ArrayDeque<>();

  MediaResource(String path, byte[] content) {
    this.path = path;
    // An hour ago, so that Last-Modified is a strong validator next to Date (RFC 9110 8.8.2.2).
    Instant lastModified = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
    this.version = newVersion(1, content.clone(), lastModified);
  }

  public String path() {
    return path;
  }

  /** Sets the {@code Content-Type} of content responses; default {@code application/octet-stream}. */
  public MediaResource contentType(String contentType) {
    this.contentType = contentType;
    return this;
  }

  /** Whether every request is answered 200 with the whole body, without {@code Accept-Ranges}. */
  public MediaResource ignoreRange(boolean ignoreRange) {
    this.ignoreRange = ignoreRange;
    return this;
  }

  /** Whether bodies are sent chunked, without {@code Content-Length}. */
  public MediaResource chunked(boolean chunked) {
    this.chunked = chunked;
    return this;
  }

  /**
   * Paces all bodies of this resource together at {@code bytesPerSecond}, as one link they share
   * (each is also paced by {@link #throttle}, if set); 0 turns it off.
   */
  public MediaResource throttleTotal(long bytesPerSecond) {
    if (bytesPerSecond < 0) throw new IllegalArgumentException("bytesPerSecond < 0: " + bytesPerSecond);
    this.sharedPace = bytesPerSecond == 0 ? null : new SharedPace(bytesPerSecond);
    return this;
  }

  /** Paces every body at {@code bytesPerSecond}; 0 turns throttling off. */
  public MediaResource throttle(long bytesPerSecond) {
    if (bytesPerSecond < 0) throw new IllegalArgumentException("bytesPerSecond < 0: " + bytesPerSecond);
    this.bytesPerSecond = bytesPerSecond;
    return this;
  }

  /**
   * Makes {@code newContent} the current version, with a new ETag and a Last-Modified at least
   * one second after the previous one. Responses already being sent go on with the old bytes.
   */
  public MediaResource replace(byte[] newContent) {
    byte[] copy = newContent.clone();
    synchronized (lock) {
      Version old = version;
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant next = old.lastModified().plusSeconds(1);
      version = newVersion(old.number() + 1, copy, now.isAfter(next) ? now : next);
    }
    return this;
  }

  /** Applies {@code faults} to every request from now on, until {@link #clearFaults}. */
  public MediaResource always(Fault... faults) {
    synchronized (lock) {
      always.addAll(List.of(faults));
    }
    return this;
  }

  /** Applies {@code faults} together to the next request that has no queued faults yet. */
  public MediaResource next(Fault... faults) {
    return nextRequests(1, faults);
  }

  /** Queues {@code faults} for each of the next {@code count} requests. */
  public MediaResource nextRequests(int count, Fault... faults) {
    if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
    List<Fault> list = List.of(faults);
    synchronized (lock) {
      for (int i = 0; i < count; i++) queued.add(list);
    }
    return this;
  }

  /** Applies {@code faults} to request number {@code number} (from 1) of this path. */
  public MediaResource onRequest(int number, Fault... faults) {
    if (number < 1) throw new IllegalArgumentException("number < 1: " + number);
    synchronized (lock) {
      if (number <= requestCount) {
        throw new IllegalStateException("request " + number + " of " + path + " already arrived");
      }
      byNumber.computeIfAbsent(number, n -> new ArrayList<>()).addAll(List.of(faults));
    }
    return this;
  }

  /** Forgets every fault not yet applied, and those given to {@link #always}. */
  public MediaResource clearFaults() {
    synchronized (lock) {
      always.clear();
      byNumber.clear();
      queued.clear();
    }
    return this;
  }

  /** The current strong ETag, quotes included, e.g. {@code "1-5c2a0f3e"}. */
  public String etag() {
    return version.etag();
  }

  /** The current Last-Modified (whole seconds). */
  public Instant lastModified() {
    return version.lastModified();
  }

  /** The current {@code Last-Modified} header value. */
  public String lastModifiedHeader() {
    return HttpDates.format(version.lastModified());
  }

  /** A copy of the current content. */
  public byte[] content() {
    return version.bytes().clone();
  }

  public long length() {
    return version.bytes().length;
  }

  /** How many requests to this path arrived so far. */
  public int requestCount() {
    synchronized (lock) {
      return requestCount;
    }
  }

  Version version() {
    return version;
  }

  String contentTypeValue() {
    return contentType;
  }

  /** Numbers the request that just arrived and returns its plan and the version it will serve. */
  ResponsePlan planNext() {
    ResponsePlan plan = new ResponsePlan();
    plan.ignoreRange = ignoreRange;
    plan.chunked = chunked;
    plan.bytesPerSecond = bytesPerSecond;
    plan.sharedPace = sharedPace;
    List<Fault> faults = new ArrayList<>();
    synchronized (lock) {
      int number = ++requestCount;
      faults.addAll(always);
      List<Fault> head = queued.poll();
      if (head != null) faults.addAll(head);
      List<Fault> numbered = byNumber.remove(number);
      if (numbered != null) faults.addAll(numbered);
    }
    for (Fault fault : faults) fault.applyTo(plan);
    return plan;
  }

  private static Version newVersion(int number, byte[] bytes, Instant lastModified) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    String etag = "\"" + number + "-" + Long.toHexString(crc.getValue()) + "\"";
    return new Version(number, bytes, etag, lastModified);
  }

  @Override
  public String toString() {
    Version v = version;
    return "MediaResource{" + path + ", " + v.bytes().length + " bytes, etag=" + v.etag() + "}";
  }
}
