package dev.barbiton.assets;

import java.nio.file.Path;

/** The settings every resource of one store shares. */
record StoreConfig(Path directory, int windowShift, long flushBytes, long flushIntervalNanos) {
  static final String DATA_SUFFIX = ".data";
}
