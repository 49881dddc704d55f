package dev.barbiton.file.avio;

import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.OptionalLong;

/**
 * A {@link RandomAccessInput} over bytes in memory (a {@link RandomAccessSource#of(ByteBuffer)}):
 * it never blocks; closing it makes later reads throw.
 */
final class ByteBufferInput implements RandomAccessInput {
  private final RandomAccessSource bytes;
  private volatile boolean closed;

  ByteBufferInput(RandomAccessSource bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
    if (closed) throw new ClosedChannelException();
    return bytes.read(position, dst);
  }

  @Override
  public OptionalLong length() {
    return bytes.length();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "ByteBufferInput[" + bytes + (closed ? ", closed]" : "]");
  }
}
