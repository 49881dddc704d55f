package dev.barbiton.file.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Random access to the bytes of one file, for {@link SegmentIndexer}.
 *
 * <p>The indexer reads box headers (at most 32 bytes each) and whole {@code moov}, {@code moof},
 * {@code sidx} boxes (at most {@value SegmentIndexer#MAX_BOX_SIZE} bytes each), never media data.
 * It calls {@link #read} from the thread that called the indexer, one call at a time.
 */
@FunctionalInterface
public interface ByteSource {

  /**
   * Copies up to {@code dst.remaining()} bytes starting at {@code position} into {@code dst},
   * advancing its position by the count.
   *
   * <ul>
   *   <li>Returns the number of bytes copied, which may be fewer than requested.
   *   <li>Returns {@code -1} if {@code position} is at or past the end of the data.
   *   <li>Returns {@code 0} only if {@code dst} has no remaining bytes. The indexer takes a
   *       {@code 0} for a non-empty {@code dst}, or a count that {@code dst}'s position does not
   *       reflect, as the end of the data.
   * </ul>
   *
   * @param position the absolute offset of the first byte to copy, {@code >= 0}
   * @throws IOException if the bytes cannot be read; the indexer lets it propagate
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** A source over {@code bytes}, which it does not copy: do not change them while in use. */
  static ByteSource of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return (position, dst) -> {
      if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
      if (position >= bytes.length) return -1;
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      return n;
    };
  }

  /**
   * A source over {@code channel} through positional reads, which leave the channel's own
   * position alone. The caller keeps ownership and closes it.
   */
  static ByteSource of(FileChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return (position, dst) -> channel.read(dst, position);
  }
}
