package dev.barbiton.file.avio;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.OptionalLong;

/** A {@link RandomAccessInput} over a buffer whose bytes are all here: it never blocks. */
final class ByteBufferInput implements RandomAccessInput {
  /** Position 0 is the first byte of the input; only absolute methods are used on it. */
  private final ByteBuffer bytes;
  private volatile boolean closed;

  ByteBufferInput(ByteBuffer bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws ClosedChannelException {
    if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
    if (closed) throw new ClosedChannelException();
    int limit = bytes.limit();
    if (position >= limit) return dst.hasRemaining() ? -1 : 0;
    int n = (int) Math.min(dst.remaining(), limit - position);
    // A view of our own: the shared buffer's position is never touched, so any number of inputs
    // may share one buffer. One small object per read, next to an FFmpeg call.
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
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "ByteBufferInput[" + bytes.limit() + " bytes" + (closed ? ", closed]" : "]");
  }
}
