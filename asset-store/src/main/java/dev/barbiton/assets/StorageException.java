package dev.barbiton.assets;

import java.io.IOException;

/**
 * The file system refused a write, a read or a flush of a resource: the disk is full, the file is
 * gone, permissions changed. The cause is the operating system's error.
 */
public final class StorageException extends AssetException {
  StorageException(String message, IOException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
