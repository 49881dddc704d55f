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

  private static long nextRangeStart(ByteRanges have, long at) {
    for (ByteRange range : have.ranges()) {
      if (range.start() > at) return range.start();
    }
    return Long.MAX_VALUE;
  }
}
