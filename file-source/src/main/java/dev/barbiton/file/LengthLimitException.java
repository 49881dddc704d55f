package dev.barbiton.file;

/**
 * The server declared or sent more bytes than a source accepts: a length past the source's cap
 * ({@link FileSourceOptions#maxLength()}), or a body that runs past the end its own headers
 * declared ({@code Content-Range}, or the cap for a body of unknown length). Not retried: asking
 * again would only meet the same claim. Nothing past the limit is written to the cache.
 */
public final class LengthLimitException extends SourceException {
  private final long limit;

  public LengthLimitException(String message, long limit) {
    super(message, null);
    this.limit = limit;
  }

  /** The bound that was passed, in bytes: the cap, or the end the response declared. */
  public long limit() {
    return limit;
  }
}
