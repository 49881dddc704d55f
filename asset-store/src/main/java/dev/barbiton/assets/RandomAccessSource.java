package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Bytes that can be read at any position, possibly before they have all arrived: the one
 * random-access contract of Barbiton. {@link AssetResource}, {@code FileSource}, FFmpeg's {@code
 * RandomAccessInput} and the in-memory sources of {@link #of(byte[])} implement it; the MP4 index
 * and the FFmpeg adapter read through it.
 *
 * <p>{@link #read} copies bytes at an absolute position; it has no position of its own to move.
 * Every implementation behaves like this:
 *
 * <ul>
 *   <li>{@code dst} has no room: returns 0 at once (and only then: a read never returns 0 for a
 *       {@code dst} with room).
 *   <li>{@code position} is at or past a <em>known</em> length: returns -1 at once, whether or not
 *       every byte before it has arrived. The length is final once known.
 *   <li>bytes at {@code position} are here: copies at least one and at most {@code
 *       dst.remaining()}, advancing {@code dst}'s position, and returns how many.
 *   <li>bytes at {@code position} below the length have not arrived: blocks until at least one
 *       arrives. An implementation may give up after a timeout of its own ({@link
 *       ResourceTimeoutException}); a download that failed throws {@link ResourceFailedException}
 *       with the download's own exception as its cause; one that stops short of its length is such
 *       a failure, never an end of stream.
 *   <li>the length is not known yet and {@code position} is at the current end: blocks until a
 *       byte arrives there, or the length becomes known (then -1 if it is {@code position}).
 *   <li>{@code position < 0}: {@link IllegalArgumentException}.
 *   <li>the source is closed before or during the read: an {@link IOException} ({@link
 *       ResourceClosedException} or {@link java.nio.channels.ClosedChannelException}).
 *   <li>the reading thread is interrupted while it waits: {@link java.io.InterruptedIOException},
 *       interrupt status kept.
 * </ul>
 *
 * <p>Reads may come from any number of threads at once unless an implementation says otherwise.
 */
public interface RandomAccessSource {
  /**
   * Copies bytes at {@code position} into {@code dst}. Returns the number copied (at least 1), 0
   * if {@code dst} has no room, or -1 at or past a known length.
   *
   * @throws IllegalArgumentException if {@code position < 0}
   * @throws IOException as the class documentation lists
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** The total length, once known; empty until then. Never blocks. */
  OptionalLong length();

  /** A source over {@code bytes}, not copied: they must not change while it is used. */
  static RandomAccessSource of(byte[] bytes) {
    return new InMemorySource(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
  }

  /**
   * A source over the bytes between {@code buffer}'s position and limit now; the buffer is not
   * copied and its position and limit are left alone. Its contents must not change while used.
   */
  static RandomAccessSource of(ByteBuffer buffer) {
    return new InMemorySource(Objects.requireNonNull(buffer, "buffer").slice());
  }

  /**
   * A source over a complete file through positional reads, which leave the channel's position
   * alone; the caller keeps the channel and closes it. The length is the channel's size now.
   */
  static RandomAccessSource of(FileChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    long size = channel.size();
    return new RandomAccessSource() {
      @Override
      public int read(long position, ByteBuffer dst) throws IOException {
        if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
        if (!dst.hasRemaining()) return 0;
        if (position >= size) return -1;
        return channel.read(dst, position);
      }

      @Override
      public OptionalLong length() {
        return OptionalLong.of(size);
      }
    };
  }
}
