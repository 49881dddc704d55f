package dev.barbiton.testing;

import okhttp3.Headers;

/**
 * What one response will do, assembled from a resource's switches and then edited by the
 * {@link Fault}s that apply to the request. Confined to the connection thread that answers.
 *
 * <p>Precedence when several faults apply: redirect, then status, then captive portal, then the
 * content. Byte positions ({@code *After}) count body bytes of this response; when two cuts apply
 * the earlier one wins, for every other field the last fault applied wins.
 */
final class ResponsePlan {
  static final long NEVER = Long.MAX_VALUE;

  // Content switches.
  boolean ignoreRange;
  boolean chunked;
  long bytesPerSecond; // 0: unthrottled
  SharedPace sharedPace; // null: no link shared with other responses
  long rangeShift;
  String contentRangeHeader; // null: the true Content-Range

  // Alternative answers instead of the content.
  String redirectPath; // null: no redirect
  int redirectCode;
  int statusCode; // 0: no status fault
  Headers statusHeaders = Headers.of();
  boolean captivePortal;

  // Events in the body, by body-byte position.
  long disconnectAfter = NEVER;
  long truncateBy; // 0: the whole body
  long stallAfter = NEVER;
  long pauseAfter = NEVER;
  long pauseNanos;
  long replaceAfter = NEVER;
  byte[] replacement;
}
