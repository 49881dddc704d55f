package dev.barbiton.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's value (RFC 9110 6.6.1: an origin server with a clock sends it), as
 * IMF-fixdate, formatted once a second: a response pays one volatile read.
 */
final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** The second it was formatted for, and the text. */
  private record Stamp(long epochSecond, String text) {}

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
}
