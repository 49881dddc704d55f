package dev.barbiton.file.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A status worth retrying (408, 429, 5xx), with the server's {@code Retry-After} if it gave one. */
final class RetryableStatusException extends IOException {
  private final int status;
  private final transient Duration retryAfter;

  RetryableStatusException(int status, String redactedUrl, Duration retryAfter) {
    super("HTTP " + status + " for " + redactedUrl);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  int status() {
    return status;
  }

  /** The wait the server asked for, or null. */
  Duration retryAfter() {
    return retryAfter;
  }

  /** Parses {@code Retry-After}: delay-seconds or an HTTP date; null when absent or malformed. */
  static Duration parseRetryAfter(String value) {
    if (value == null) return null;
    String v = value.trim();
    try {
      if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
