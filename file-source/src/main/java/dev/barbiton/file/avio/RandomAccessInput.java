package dev.barbiton.file.avio;

import dev.barbiton.file.FileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Bytes that can be read at any position, possibly before they have all arrived: what FFmpeg's
 * read and seek callbacks need from us. Every implementation obeys the read contract of {@link
 * dev.barbiton.assets.AssetResource} (end of stream at once at a known length, a wait below it).
 *
 * <p>{@link #read} copies bytes at an absolute position and has no position of its own to move.
 * Its edge cases:
 *
 * <ul>
 *   <li>{@code dst} has no room: returns 0 at once.
 *   <li>bytes at {@code position} are here: copies at least one and at most {@code
 *       dst.remaining()}, returns how many.
 *   <li>bytes at {@code position} have not arrived yet: blocks until at least one arrives (an input
 *       may give up after a timeout of its own and throw).
 *   <li>{@code position} is at or after the end, and the end is final: returns -1. A length that
 *       is merely announced is not an end: a download that stops short is an error, not EOF.
 *   <li>{@code position < 0}: {@link IllegalArgumentException}.
 *   <li>the input was closed, before or during the read: an {@link IOException} (a {@link
 *       java.nio.channels.ClosedChannelException} or the source's own closed exception).
 *   <li>the reading thread is interrupted while it waits: an {@link java.io.InterruptedIOException},
 *       interrupt status kept.
 * </ul>
 *
 * <p>One thread reads at a time; {@link #close} may be called from any thread, is idempotent, and
 * wakes a blocked read. Closing an input never closes what it reads from (the {@link FileSource}
 * or the buffer).
 */
public interface RandomAccessInput extends AutoCloseable {
  /**
   * Copies bytes at {@code position} into {@code dst}, blocking until at least one is there.
   * Returns the number copied, 0 if {@code dst} has no room, or -1 at or past a known length.
   *
   * @throws IllegalArgumentException if {@code position < 0}
   * @throws IOException if the input is closed, the wait is interrupted, or the bytes cannot come
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** The total length, once known. */
  OptionalLong length();

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
    return new ByteBufferInput(Objects.requireNonNull(buffer, "buffer").slice());
  }

  /** An input over {@code bytes}, not copied: they must not change while the input is used. */
  static RandomAccessInput of(byte[] bytes) {
    return new ByteBufferInput(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
  }
}
