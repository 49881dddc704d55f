package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;
import java.util.List;

/** Maps a time range of a Matroska or WebM file to bytes from its Cues. */
final class MatroskaCues {
  private MatroskaCues() {}

  /** Adds the ranges of {@code [fromMillis, toMillis)} and returns true, or false when the file has no usable Cues. */
  static boolean map(RandomAccessSource file, long length, long fromMillis, long toMillis, List<ByteRange> ranges) throws IOException {
    return false;
  }
}
