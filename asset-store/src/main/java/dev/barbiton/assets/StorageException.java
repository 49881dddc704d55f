package dev.barbiton.assets;

import java.io.IOException;

/**
 * The file system refused a write, a read or a flush of a resource: the disk is full, the file is
 * gone, permissions changed. The cause is the operating system's error. {@link
 * StoreDirectoryException} is the cache directory itself being unusable.
 */
public sealed class StorageException extends AssetException permits StoreDirectoryException {
  StorageException(String message, IOException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  /** A message that says it all already. */
  StorageException(IOException cause, String message) {
    super(message, cause);
  }
}
