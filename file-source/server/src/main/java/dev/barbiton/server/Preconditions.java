package dev.barbiton.server;

import dev.barbiton.assets.ResourceMetadata;
import java.time.Instant;
import java.util.Optional;

/**
 * The conditional request headers a player or a browser's cache sends (RFC 9110 section 13),
 * evaluated against the validators the origin sent ({@code ETag}, {@code Last-Modified}): {@code
 * If-Match} and {@code If-Unmodified-Since} for a 412, {@code If-None-Match} and {@code
 * If-Modified-Since} for a 304, {@code If-Range} for whether a range applies. A condition is false while a validator it needs is not known (nothing is "not modified"
 * before the origin said what it is).
 */
final class Preconditions {
  private Preconditions() {}

  /**
   * Whether the request is answered 412 Precondition Failed (RFC 9110 13.2.2, steps 1 and 2): {@code
   * If-Match} lists neither {@code *} nor the current entity tag (strong comparison: a weak tag
   * never matches, and none matches before the origin sent one); without {@code If-Match}, {@code
   * If-Unmodified-Since} is a valid date before the origin's {@code Last-Modified} (unknown: the
   * condition is not evaluated).
   */
  static boolean failed(RequestHead head, ResourceMetadata metadata) {
    if (head.count("if-match") > 0) {
      String current = metadata.etag().filter(e -> !e.startsWith("W/")).orElse(null);
      for (int i = 0; i < head.count("if-match"); i++) {
        for (String candidate : head.header("if-match", i).split(",")) {
          String tag = candidate.trim();
          if (tag.equals("*") || tag.equals(current)) return false;
        }
      }
      return true;
    }
    if (head.count("if-unmodified-since") != 1) return false;
    Optional<Instant> since = HttpDates.parse(head.header("if-unmodified-since"));
    Optional<Instant> modified = metadata.lastModified().flatMap(HttpDates::parse);
    return since.isPresent() && modified.isPresent() && modified.get().isAfter(since.get());
  }

  /**
   * Whether a GET or HEAD is answered 304 Not Modified (RFC 9110 13.2.2, steps 3 and 4): {@code
   * If-None-Match} lists the current entity tag (weak comparison: {@code W/"x"} matches {@code
   * "x"}) or is {@code *}; without {@code If-None-Match}, {@code If-Modified-Since} is a valid date
   * at or after {@code Last-Modified}.
   */
  static boolean notModified(RequestHead head, ResourceMetadata metadata) {
    if (head.count("if-none-match") > 0) {
      Optional<String> etag = metadata.etag();
      if (!etag.isPresent()) return false;
      String current = opaque(etag.get());
      for (int i = 0; i < head.count("if-none-match"); i++) {
        for (String candidate : head.header("if-none-match", i).split(",")) {
          String tag = candidate.trim();
          if (tag.equals("*") || opaque(tag).equals(current)) return true;
        }
      }
      return false;
    }
    if (head.count("if-modified-since") != 1) return false; // RFC 9110 13.1.3: more than one member, ignore
    Optional<Instant> since = HttpDates.parse(head.header("if-modified-since"));
    Optional<Instant> modified = metadata.lastModified().flatMap(HttpDates::parse);
    return since.isPresent() && modified.isPresent() && !modified.get().isAfter(since.get());
  }

  /**
   * Whether {@code If-Range} (RFC 9110 13.1.5) lets the range apply: no {@code If-Range}, or one
   * that is the current strong ETag, or exactly the current {@code Last-Modified}. A weak ETag
   * never matches; so does nothing before the origin's validators are known.
   */
  static boolean rangeApplies(RequestHead head, ResourceMetadata metadata) {
    String condition = head.header("if-range");
    if (condition == null) return true;
    if (condition.startsWith("\"")) {
      return metadata.etag().filter(e -> !e.startsWith("W/")).map(condition::equals).orElse(false);
    }
    if (condition.startsWith("W/")) return false;
    return metadata.lastModified().map(condition::equals).orElse(false);
  }

  /** An entity tag without its weakness indicator: what the weak comparison compares. */
  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
