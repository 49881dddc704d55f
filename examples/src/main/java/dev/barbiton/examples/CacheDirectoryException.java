package dev.barbiton.examples;

import dev.barbiton.assets.StoreDirectoryException;
import java.io.IOException;

/**
 * The cache directory cannot be used (the store's {@link StoreDirectoryException}: a file, not
 * writable, a full disk), with the option that picks another. Exit code 4.
 */
final class CacheDirectoryException extends IOException {
  private static final long serialVersionUID = 1L;

  CacheDirectoryException(StoreDirectoryException cause) {
    super(cause.getMessage() + " (--cache DIR to use another)", cause);
  }
}
