package dev.barbiton.assets;

import java.io.IOException;

/**
 * An outcome of the asset store that a caller may want to act on. Each subclass names one
 * situation; the message says which resource or directory and what to do.
 */
public abstract sealed class AssetException extends IOException
    permits CacheLockedException,
        ResourceFailedException,
        ResourceTimeoutException,
        ResourceClosedException,
        WriterClaimedException,
        StorageException {

  AssetException(String message) {
    super(message);
  }

  AssetException(String message, Throwable cause) {
    super(message, cause);
  }
}
