package dev.barbiton.file.avio;

import dev.barbiton.file.FileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RandomAccessInput} over a {@link FileSource}, through one channel of
 * its own. The channel's blocking, end-of-stream and seek-moves-the-download behaviour is the
 * source's; this class only turns positional reads into position-then-read.
 *
 * <p>The lock makes position-then-read atomic if two threads ever read at once; {@link #close}
 * does not take it, so that it can wake a read blocked under it.
 */
final class FileSourceInput implements RandomAccessInput {
  private final FileSource source;
  private final SeekableByteChannel channel;
  private final ReentrantLock lock = new ReentrantLock();

  FileSourceInput(FileSource source) throws IOException {
    this.source = source;
    this.channel = source.newChannel();
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) throw new IllegalArgumentException("position < 0: " + position);
    lock.lock();
    try {
      channel.position(position);
      return channel.read(dst);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public OptionalLong length() {
    return source.length();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // The source's channels do not fail to close; there is nothing left to release anyway.
    }
  }

  @Override
  public String toString() {
    return "FileSourceInput[" + channel + "]";
  }
}
