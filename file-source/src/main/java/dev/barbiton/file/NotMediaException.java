package dev.barbiton.file;

/**
 * The server sent a web page, text, or bytes that contradict the media type it announced, where
 * media was expected: a captive portal, a login or error page. Nothing of it is cached. {@link
 * FileSourceOptions.Builder#acceptAnyContent} turns the check of the bytes off.
 */
public final class NotMediaException extends SourceException {
  public NotMediaException(String redactedUrl, String contentType) {
    this(redactedUrl + " answered with " + contentType + ", not media (a captive portal or an error page?)");
  }

  public NotMediaException(String message) {
    super(message, null);
  }
}
