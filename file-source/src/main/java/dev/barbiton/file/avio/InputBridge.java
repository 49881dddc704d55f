package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EIO;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOSYS;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import dev.barbiton.assets.ResourceClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.OptionalLong;
import org.bytedeco.javacpp.BytePointer;

/**
 * What FFmpeg's read and seek callbacks of one AVIOContext do: a position over a {@link
 * RandomAccessInput}.
 *
 * <p>Threads: {@link #read} and {@link #seek} run on the thread inside FFmpeg (the opening thread,
 * then one at a time under the demuxer's lock), which alone touches {@code position}. {@link
 * #cancel} runs on any thread: it sets a volatile flag and closes the input, which wakes a blocked
 * read; the read then returns {@code AVERROR_EXIT}, and every later read returns it at once.
 *
 * <p>A read that stops for a close of the input (or of the source under it) or an interrupt makes
 * every later read and seek of the same FFmpeg call return {@code AVERROR_EXIT} at once, without
 * touching the input again: FFmpeg retries after some errors (find_stream_info reads on after a
 * failed read), and each retry would otherwise wait on a closed input or see a half-torn one. The
 * next FFmpeg call starts afresh ({@link #clearFailure}).
 *
 * <p>Neither callback may throw (an exception escaping a JavaCPP callback aborts the JVM) or
 * return 0 from read (FFmpeg would spin): {@link AvioCallbacks} catches what escapes these
 * methods, and read returns at least one byte, {@code AVERROR_EOF} at the input's final end, or a
 * negative error. The first failure of the input in each FFmpeg call is kept for the demuxer to
 * attach as the cause of its exception.
 */
final class InputBridge implements AvioCallbacks.Bridge {
  private final long id;
  private final RandomAccessInput input;
  private long position;
  private volatile boolean cancelled;
  private volatile Throwable failure;
  /** A read since {@link #clearFailure} stopped for a close or an interrupt. */
  private volatile boolean readCancelled;

  InputBridge(long id, RandomAccessInput input) {
    this.id = id;
    this.input = input;
  }

  @Override
  public long id() {
    return id;
  }

  int read(BytePointer buf, int size) {
    if (cancelled || readCancelled || Thread.currentThread().isInterrupted()) {
      readCancelled = true;
      return AVERROR_EXIT;
    }
    if (size <= 0) return AVERROR_EINVAL();
    // The pointer arrives with capacity 0: give it the size first, then view it as a ByteBuffer so
    // the input copies straight into FFmpeg's buffer.
    ByteBuffer dst = buf.capacity(size).asByteBuffer();
    try {
      int n = input.read(position, dst);
      if (n < 0) return AVERROR_EOF;
      if (n == 0) {
        remember(new IOException("input read 0 bytes at " + position + " into " + size + " bytes of room"));
        return AVERROR_EIO();
      }
      position += n;
      return n;
    } catch (IOException e) {
      remember(e);
      if (!cancelled(e)) return AVERROR_EIO();
      readCancelled = true;
      return AVERROR_EXIT;
    }
  }

  @Override
  public long seek(long offset, int whence) {
    if (cancelled || readCancelled) return AVERROR_EXIT;
    int how = whence & ~AVSEEK_FORCE;
    if (how == AVSEEK_SIZE) {
      OptionalLong length = input.length();
      return length.isPresent() ? length.getAsLong() : AVERROR_ENOSYS();
    }
    long base;
    switch (how) {
      case 0 -> base = 0; // SEEK_SET
      case 1 -> base = position; // SEEK_CUR
      case 2 -> { // SEEK_END: FFmpeg's fallback when AVSEEK_SIZE fails
        OptionalLong length = input.length();
        if (!length.isPresent()) return AVERROR_ENOSYS();
        base = length.getAsLong();
      }
      default -> {
        return AVERROR_EINVAL();
      }
    }
    long target = base + offset;
    if (target < 0) return AVERROR_EINVAL();
    // Any position is legal, downloaded or not: the next read there blocks and moves the download.
    position = target;
    return target;
  }

  /** Makes every read return {@code AVERROR_EXIT} and wakes a blocked one. Any thread; idempotent. */
  void cancel() {
    cancelled = true;
    input.close();
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Remembers a throwable that escaped a callback. */
  @Override
  public void failed(Throwable t) {
    remember(t);
  }

  /** Keeps the first failure of a call: later ones (reads after a close, say) are its echoes. */
  private void remember(Throwable t) {
    if (failure == null) failure = t;
  }

  /** Forgets the last failure: called before each FFmpeg call, so a cause belongs to its call. */
  void clearFailure() {
    failure = null;
    readCancelled = false;
  }

  /**
   * Whether a read since {@link #clearFailure} stopped because the bridge or the input was closed
   * or the thread interrupted. FFmpeg does not always pass our {@code AVERROR_EXIT} on (a probe
   * turns it into {@code AVERROR_INVALIDDATA}), so the demuxer asks here.
   */
  boolean readCancelled() {
    return readCancelled;
  }

  /** The input's first failure since {@link #clearFailure}, if any. */
  Throwable failure() {
    return failure;
  }

  private boolean cancelled(IOException e) {
    return cancelled
        || Thread.currentThread().isInterrupted()
        || e instanceof ClosedChannelException
        || e instanceof ResourceClosedException;
  }

  @Override
  public String toString() {
    return "InputBridge[" + id + ", " + input + "]";
  }
}
