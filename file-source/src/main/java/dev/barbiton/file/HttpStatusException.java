package dev.barbiton.file;

/** The server answered with a status that no retry can fix (404, 401, 403, 410, other 4xx). */
public final class HttpStatusException extends SourceException {
  private final int status;
  private final String url;

  public HttpStatusException(int status, String redactedUrl) {
    super("HTTP " + status + " for " + redactedUrl, null);
    this.status = status;
    this.url = redactedUrl;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The URL that answered, redacted. */
  public String url() {
    return url;
  }
}
