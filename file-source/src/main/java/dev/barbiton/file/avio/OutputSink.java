package dev.barbiton.file.avio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link AvioMuxer} writes: a channel that can seek (a file: a normal MP4 with its
 * {@code moov}, whose muxer goes back to patch sizes and indexes) or a byte stream that cannot (a
 * socket, an HTTP response, a pipe: only formats that never go back, such as fragmented MP4,
 * WebM, MPEG-TS).
 *
 * <p>A sink made from a {@link Path} owns its file channel and closes it when the muxer closes;
 * every other sink belongs to the caller, who closes it after the muxer. A sink is used by one
 * muxer, on the muxer's thread.
 */
public final class OutputSink {
  private final WritableByteChannel channel;
  private final SeekableByteChannel seekable;
  private final boolean owned;
  private final OutputStream stream;
  private final Path file;
  private final String description;
  private long written;
  /** Where a seekable channel stood at the first write; -1 before it. */
  private long origin = -1;

  private OutputSink(WritableByteChannel channel, SeekableByteChannel seekable, boolean owned,
      OutputStream stream, Path file, String description) {
    this.channel = channel;
    this.seekable = seekable;
    this.owned = owned;
    this.stream = stream;
    this.file = file;
    this.description = description;
  }

  /** A seekable sink writing from {@code channel}'s current position on; the caller closes it. */
  public static OutputSink of(SeekableByteChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return new OutputSink(channel, channel, false, null, null, "channel " + channel);
  }

  /**
   * A seekable sink over {@code file}, created or truncated now; the muxer closes it.
   *
   * @throws IOException if the file cannot be opened for writing
   */
  public static OutputSink of(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return new OutputSink(channel, channel, true, null, file, file.toString());
  }

  /**
   * A sink that cannot seek, over {@code channel} (even if it could: say so with {@link
   * #of(SeekableByteChannel)}); the caller closes it.
   */
  public static OutputSink streaming(WritableByteChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return new OutputSink(channel, null, false, null, null, "stream " + channel);
  }

  /** A sink that cannot seek, over {@code stream}; the caller closes the stream. */
  public static OutputSink streaming(OutputStream stream) {
    Objects.requireNonNull(stream, "stream");
    return new OutputSink(Channels.newChannel(stream), null, false, stream, null, "stream " + stream);
  }

  /**
   * The file of a sink made from a path. FFmpeg opens it a second time, for reading, when a muxer
   * moves what it wrote ({@code movflags=+faststart}, {@code +global_sidx}).
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Whether the muxer may go back to patch what it wrote. */
  public boolean seekable() {
    return seekable != null;
  }

  /**
   * How long the output is so far: bytes handed to a stream, or the furthest byte written on a
   * seekable channel, counted from where it stood when the muxer began (a byte rewritten after a
   * seek counts once).
   */
  public long bytesWritten() {
    return written;
  }

  void write(ByteBuffer bytes) throws IOException {
    if (seekable == null) {
      while (bytes.hasRemaining()) written += channel.write(bytes);
      return;
    }
    if (origin < 0) origin = seekable.position();
    while (bytes.hasRemaining()) channel.write(bytes);
    written = Math.max(written, seekable.position() - origin);
  }

  long position() throws IOException {
    return seekable.position();
  }

  void position(long position) throws IOException {
    seekable.position(position);
  }

  long size() throws IOException {
    return seekable.size();
  }

  /** Pushes what a wrapped stream buffers to its destination: the muxer's last step. */
  void flush() throws IOException {
    if (stream != null) stream.flush();
  }

  /** Closes what the sink owns. */
  void closeOwned() throws IOException {
    if (owned) channel.close();
  }

  @Override
  public String toString() {
    return "OutputSink[" + description + (seekable() ? ", seekable]" : ", streaming]");
  }
}
