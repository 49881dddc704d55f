package dev.barbiton.assets;

import java.nio.file.Path;

/**
 * The settings every resource of one store shares.
 *
 * @param flushBytes written bytes after which data and index are forced to the device
 * @param flushIntervalNanos time after which the next write forces them
 * @param indexBytes written bytes after which the index is written again, not forced
 * @param indexIntervalNanos time after which the next write writes the index, not forced
 */
record StoreConfig(Path directory, int windowShift, long flushBytes, long flushIntervalNanos, long indexBytes,
    long indexIntervalNanos) {
  static final String DATA_SUFFIX = ".data";
}
