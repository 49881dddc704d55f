package dev.barbiton.file;

/**
 * The server's answer contradicts itself or what is known of the file: a {@code Content-Range}
 * for other bytes than asked, a length that changed without a new version, a body shorter than
 * declared. Retried like a network error; final once retries run out.
 */
public final class InvalidResponseException extends SourceException {
  public InvalidResponseException(String message) {
    super(message, null);
  }
}
