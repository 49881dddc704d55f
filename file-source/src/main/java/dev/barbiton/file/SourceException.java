package dev.barbiton.file;

import java.io.IOException;

/**
 * Why a download failed for good. Each subclass names one situation; messages name the URL with
 * its secrets redacted.
 */
public abstract sealed class SourceException extends IOException
    permits HttpStatusException, InvalidResponseException, LengthLimitException, NotMediaException,
        RetriesExhaustedException {

  SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
