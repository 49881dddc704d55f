package dev.barbiton.server;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates: the {@code Date} header's value (RFC 9110 6.6.1: an origin server with a clock sends
 * it), as IMF-fixdate, formatted once a second so that a response pays one volatile read; and the
 * three formats a recipient must accept (RFC 9110 5.6.7), for {@code If-Modified-Since} and the
 * origin's {@code Last-Modified}.
 */
final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** The second it was formatted for, and the text. */
  private record Stamp(long epochSecond, String text) {}

  /** IMF-fixdate and the obsolete RFC 850 and asctime formats; two-digit years are 19xx or 20xx. */
  private static final DateTimeFormatter[] ACCEPTED = {
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC),
      new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US).withZone(ZoneOffset.UTC),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC),
  };

  private static volatile Stamp last = new Stamp(-1, "");

  private HttpDates() {}

  static String now() {
    long second = System.currentTimeMillis() / 1000;
    Stamp stamp = last;
    if (stamp.epochSecond() != second) {
      stamp = new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
      last = stamp; // racing threads format the same text: whichever wins is right
    }
    return stamp.text();
  }

  /** The instant an HTTP date names, or empty for anything else (RFC 9110 says to ignore it then). */
  static Optional<Instant> parse(String value) {
    if (value == null) return Optional.empty();
    String text = value.trim();
    for (DateTimeFormatter format : ACCEPTED) {
      try {
        return Optional.of(Instant.from(format.parse(text)));
      } catch (DateTimeException e) {
        // Not this format: try the next.
      }
    }
    return Optional.empty();
  }
}
