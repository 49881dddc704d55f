package dev.barbiton.file.engine;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceWriter;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/** Writing a received chunk into the cache without rewriting bytes that are already there. */
final class CacheWrites {
  private CacheWrites() {}

  /** Writes the part of {@code src} not already cached at {@code pos}, consuming all of {@code src}. */
  static void writeMissing(ResourceWriter writer, long pos, ByteBuffer src) throws IOException {
    ByteRanges have = writer.available();
    int limit = src.limit();
    long at = pos;
    while (src.hasRemaining()) {
      long cached = have.contiguousFrom(at);
      if (cached > 0) {
        int skip = (int) Math.min(cached, src.remaining());
        ((Buffer) src).position(src.position() + skip);
        at += skip;
        continue;
      }
      int n = (int) Math.min(src.remaining(), nextRangeStart(have, at) - at);
      ((Buffer) src).limit(src.position() + n);
      writer.write(at, src);
      ((Buffer) src).limit(limit);
      at += n;
    }
  }

  /**
   * The first cached byte at or after {@code from}, or {@code Long.MAX_VALUE}: where a request
   * reading from {@code from} should stop reading (a read past it takes bytes a second time).
   */
  static long firstCachedFrom(ByteRanges have, long from) {
    for (ByteRange range : have.ranges()) {
      if (range.end() > from) return Math.max(from, range.start());
    }
    return Long.MAX_VALUE;
  }

  /**
   * Limits {@code buffer} (cleared) to what a request at {@code pos} may still read: up to {@code
   * stopAt} and the first cached byte, so that no byte is read twice.
   */
  static void limitRead(ByteBuffer buffer, ByteRanges have, long pos, long stopAt) {
    long room = Math.min(stopAt, firstCachedFrom(have, pos)) - pos;
    ((Buffer) buffer).limit((int) Math.max(1, Math.min(buffer.capacity(), room)));
  }

  private static long nextRangeStart(ByteRanges have, long at) {
    for (ByteRange range : have.ranges()) {
      if (range.start() > at) return range.start();
    }
    return Long.MAX_VALUE;
  }
}
