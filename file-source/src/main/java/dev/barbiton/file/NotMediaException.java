package dev.barbiton.file;

/**
 * The server sent a web page where media was expected: a captive portal, a login or error page.
 * Nothing of it is cached.
 */
public final class NotMediaException extends SourceException {
  NotMediaException(String redactedUrl, String contentType) {
    super(redactedUrl + " answered with " + contentType + ", not media (a captive portal or an error page?)", null);
  }
}
