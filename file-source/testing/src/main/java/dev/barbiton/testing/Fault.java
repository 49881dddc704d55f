package dev.barbiton.testing;

import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.Headers;

/**
 * One deviation from a well-behaved media server, applied to a single response. Faults are
 * immutable and may be reused; attach them to a {@link MediaResource} with {@code next},
 * {@code nextRequests}, {@code onRequest} or {@code always}. Several faults may apply to one
 * response: see {@link ResponsePlan} for how they combine.
 *
 * <p>Body-byte positions count the body of <em>this</em> response (after any range was applied),
 * not offsets in the resource. A position at or beyond the body length has no effect, except for
 * {@link #replaceAfter}, which then happens once the body was written.
 */
public final class Fault {
  private final String description;
  private final Consumer<ResponsePlan> effect;

  private Fault(String description, Consumer<ResponsePlan> effect) {
    this.description = description;
    this.effect = effect;
  }

  void applyTo(ResponsePlan plan) {
    effect.accept(plan);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Answers 200 with the whole body whatever {@code Range} asked, without {@code Accept-Ranges}. */
  public static Fault ignoreRange() {
    return new Fault("ignoreRange", p -> p.ignoreRange = true);
  }

  /** Sends the body with chunked transfer coding and no {@code Content-Length} (length unknown). */
  public static Fault chunked() {
    return new Fault("chunked", p -> p.chunked = true);
  }

  /**
   * Paces the body at {@code bytesPerSecond} (10 ms granularity, deadline-based so the average
   * does not drift). Stops as soon as a write fails because the client went away.
   */
  public static Fault throttle(long bytesPerSecond) {
    if (bytesPerSecond < 1) throw new IllegalArgumentException("bytesPerSecond < 1: " + bytesPerSecond);
    return new Fault("throttle(" + bytesPerSecond + ")", p -> p.bytesPerSecond = bytesPerSecond);
  }

  /** Sends exactly {@code bodyBytes} body bytes, then closes the connection (FIN, not RST). */
  public static Fault disconnectAfter(long bodyBytes) {
    checkPosition(bodyBytes);
    return new Fault("disconnectAfter(" + bodyBytes + ")",
        p -> p.disconnectAfter = Math.min(p.disconnectAfter, bodyBytes));
  }

  /**
   * Announces the full {@code Content-Length} but sends {@code missingBytes} fewer body bytes, then
   * closes the connection: a body shorter than its length.
   */
  public static Fault truncate(long missingBytes) {
    if (missingBytes < 1) throw new IllegalArgumentException("missingBytes < 1: " + missingBytes);
    return new Fault("truncate(" + missingBytes + ")", p -> p.truncateBy = missingBytes);
  }

  /**
   * Sends {@code bodyBytes} body bytes, then nothing more: the connection stays open until the
   * client closes it (a read timeout, a cancel) or the server closes.
   */
  public static Fault stallAfter(long bodyBytes) {
    checkPosition(bodyBytes);
    return new Fault("stallAfter(" + bodyBytes + ")",
        p -> p.stallAfter = Math.min(p.stallAfter, bodyBytes));
  }

  /** Sends {@code bodyBytes} body bytes, waits {@code pause}, then goes on with the body. */
  public static Fault pauseAfter(long bodyBytes, Duration pause) {
    checkPosition(bodyBytes);
    if (pause.isNegative()) throw new IllegalArgumentException("pause < 0: " + pause);
    return new Fault("pauseAfter(" + bodyBytes + ", " + pause + ")", p -> {
      p.pauseAfter = bodyBytes;
      p.pauseNanos = pause.toNanos();
    });
  }

  /**
   * Replaces the resource's content (new ETag, new Last-Modified) once {@code bodyBytes} body
   * bytes of this response were written. This response goes on with the old bytes, like a server
   * streaming a file it already opened; later requests see the new version.
   */
  public static Fault replaceAfter(long bodyBytes, byte[] newContent) {
    checkPosition(bodyBytes);
    byte[] copy = newContent.clone();
    return new Fault("replaceAfter(" + bodyBytes + ", " + copy.length + " bytes)", p -> {
      p.replaceAfter = bodyBytes;
      p.replacement = copy;
    });
  }

  /**
   * Answers {@code code} with a short {@code text/plain} body instead of the content, with extra
   * headers given as name, value pairs, e.g. {@code status(429, "Retry-After", "2")}.
   *
   * <p>Beware that OkHttp itself retries a 408 once, and a 503 with {@code Retry-After: 0}.
   */
  public static Fault status(int code, String... headerNamesAndValues) {
    if (code < 200 || code > 599) throw new IllegalArgumentException("code not in [200, 599]: " + code);
    Headers headers = Headers.of(headerNamesAndValues);
    return new Fault("status(" + code + ")", p -> {
      p.statusCode = code;
      p.statusHeaders = headers;
    });
  }

  /** Answers a 302 whose {@code Location} is {@code path} on this server. */
  public static Fault redirect(String path) {
    return redirect(302, path);
  }

  /** Answers {@code code} (301, 302, 303, 307 or 308) whose {@code Location} is {@code path}. */
  public static Fault redirect(int code, String path) {
    if (code < 300 || code > 399) throw new IllegalArgumentException("code not in [300, 399]: " + code);
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
    return new Fault("redirect(" + code + ", " + path + ")", p -> {
      p.redirectCode = code;
      p.redirectPath = path;
    });
  }

  /** Answers 200 {@code text/html} with a login page, like a captive portal, whatever was asked. */
  public static Fault captivePortal() {
    return new Fault("captivePortal", p -> p.captivePortal = true);
  }

  /**
   * Serves a range that starts {@code startDelta} bytes away from the one asked (clamped to the
   * content, same length where possible), with a {@code Content-Range} that truthfully describes
   * the bytes sent: a client that does not check {@code Content-Range} writes them at the wrong
   * offset.
   */
  public static Fault shiftRange(long startDelta) {
    return new Fault("shiftRange(" + startDelta + ")", p -> p.rangeShift = startDelta);
  }

  /** Sends {@code value} as the {@code Content-Range} of a 206, with the bytes that were asked. */
  public static Fault contentRangeHeader(String value) {
    return new Fault("contentRangeHeader(" + value + ")", p -> p.contentRangeHeader = value);
  }

  private static void checkPosition(long bodyBytes) {
    if (bodyBytes < 0) throw new IllegalArgumentException("bodyBytes < 0: " + bodyBytes);
  }
}
