package dev.barbiton.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date (RFC 9110 5.6.7): formats IMF-fixdate, parses IMF-fixdate and RFC 1123 variants. */
final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private HttpDates() {}

  static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** Returns the instant, or null when {@code value} is not a date this server understands. */
  static Instant parse(String value) {
    try {
      return Instant.from(IMF_FIXDATE.parse(value.trim()));
    } catch (DateTimeParseException e) {
      try {
        return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
