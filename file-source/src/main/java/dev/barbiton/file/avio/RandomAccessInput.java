package dev.barbiton.file.avio;

import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.FileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What FFmpeg's read and seek callbacks need from us: a {@link RandomAccessSource} (whose
 * Javadoc lists every edge case of {@link #read}: end of stream at once at a known length, a wait
 * below it, typed failures) that can also be closed.
 *
 * <p>One thread reads at a time; {@link #close} may be called from any thread, is idempotent, and
 * wakes a blocked read, which then throws an {@link IOException} (a {@link
 * java.nio.channels.ClosedChannelException} or the source's own closed exception). Closing an
 * input never closes what it reads from (the {@link FileSource} or the buffer).
 */
public interface RandomAccessInput extends RandomAccessSource, AutoCloseable {
  /** Releases the input and wakes a blocked read, which then throws. Idempotent. */
  @Override
  void close();

  /**
   * An input over {@code source}, through a channel of its own so that closing the input wakes
   * exactly its own blocked read. Reads block while the bytes download (up to the source's read
   * timeout), and a read far ahead moves the download there. Closing the input closes its channel,
   * not the source; closing the source wakes the input's read too.
   *
   * @throws IOException if the source refuses a new channel
   * @throws IllegalStateException if the source is closed
   */
  static RandomAccessInput of(FileSource source) throws IOException {
    return new FileSourceInput(Objects.requireNonNull(source, "source"));
  }

  /**
   * An input over the bytes between {@code buffer}'s position and limit at the time of the call.
   * The buffer is not copied and its position and limit are left alone; its contents must not
   * change while the input is used. Direct and heap buffers are equally fine: either way one copy
   * goes straight into FFmpeg's buffer.
   */
  static RandomAccessInput of(ByteBuffer buffer) {
    return new ByteBufferInput(RandomAccessSource.of(Objects.requireNonNull(buffer, "buffer")));
  }

  /** An input over {@code bytes}, not copied: they must not change while the input is used. */
  static RandomAccessInput of(byte[] bytes) {
    return new ByteBufferInput(RandomAccessSource.of(Objects.requireNonNull(bytes, "bytes")));
  }
}
