package dev.barbiton.file;

import dev.barbiton.file.engine.SourceEvents;
import dev.barbiton.assets.AssetResource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;

/**
 * A reader's view of a {@link FileSource}: a read-only channel with its own position over its own
 * handle on the resource, so closing the view wakes exactly its blocked read.
 *
 * <p>Meant for one reading thread at a time, like most channels' positions; reads from several
 * threads are safe but share the position.
 */
final class SourceChannel implements SeekableByteChannel {
  private final FileSource source;
  private final AssetResource handle;
  private final Duration readTimeout;
  private final SourceEvents events;
  private volatile long position;
  private volatile boolean open = true;
  private boolean endReported;

  SourceChannel(FileSource source, AssetResource handle, Duration readTimeout, SourceEvents events) {
    this.source = source;
    this.handle = handle;
    this.readTimeout = readTimeout;
    this.events = events;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    checkOpen();
    long at = position;
    int n = handle.readAt(at, dst, readTimeout);
    if (n > 0) {
      position = at + n;
    } else if (n < 0 && !endReported) {
      endReported = true;
      events.endOfStream(at);
    }
    return n;
  }

  @Override
  public long position() throws IOException {
    checkOpen();
    return position;
  }

  /** Moves the position; any position is legal, and a read there moves the download if needed. */
  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    checkOpen();
    if (newPosition < 0) throw new IllegalArgumentException("newPosition < 0: " + newPosition);
    long old = position;
    if (newPosition != old) {
      position = newPosition;
      endReported = false;
      events.seek(old, newPosition);
    }
    return this;
  }

  /**
   * The length of the file, waiting up to the read timeout for it to become known (from the
   * server's headers, or when a body of unknown length ends).
   *
   * @throws dev.barbiton.assets.ResourceTimeoutException if it is still unknown after the read
   *     timeout
   * @throws dev.barbiton.assets.ResourceFailedException if the download failed first
   */
  @Override
  public long size() throws IOException {
    checkOpen();
    return handle.awaitLength(readTimeout);
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    if (!open) return;
    open = false;
    handle.close();
    source.forget(this);
  }

  private void checkOpen() throws ClosedChannelException {
    if (!open) throw new ClosedChannelException();
  }
}
