package dev.barbiton.assets;

import java.nio.file.Path;

/** The cache directory is already open by another store, in this process or another one. */
public final class CacheLockedException extends AssetException {
  private final Path directory;

  CacheLockedException(Path directory, String holder) {
    super("cache directory " + directory + " is already in use by " + holder
        + "; close that store first or give this one another directory");
    this.directory = directory;
  }

  /** The directory that is locked. */
  public Path directory() {
    return directory;
  }
}
