package dev.barbiton.assets;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * {@link RandomAccessSource} over bytes in memory: every byte is there, the length is known, reads
 * never block. Each read takes a view of its own, so the shared buffer's position never moves and
 * any number of threads may read at once.
 */
final class InMemorySource implements RandomAccessSource {
  private final ByteBuffer bytes;

  InMemorySource(ByteBuffer bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
    if (!dst.hasRemaining()) return 0;
    int limit = bytes.limit();
    if (position >= limit) return -1;
    int n = (int) Math.min(dst.remaining(), limit - position);
    ByteBuffer view = bytes.duplicate();
    ((Buffer) view).limit((int) position + n).position((int) position);
    dst.put(view);
    return n;
  }

  @Override
  public OptionalLong length() {
    return OptionalLong.of(bytes.limit());
  }

  @Override
  public String toString() {
    return "InMemorySource[" + bytes.limit() + " bytes]";
  }
}
