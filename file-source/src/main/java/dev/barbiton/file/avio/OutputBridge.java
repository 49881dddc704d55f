package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EIO;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOSYS;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;

/**
 * What FFmpeg's write and seek callbacks of one output AVIOContext do: hand the muxer's bytes to an
 * {@link OutputSink}, and move on it when the sink can seek.
 *
 * <p>Threads: the callbacks run on the muxer's thread, inside its FFmpeg calls. {@link #cancel}
 * may run on any thread: every later write returns {@code AVERROR_EXIT} at once (a write blocked
 * in the sink stays blocked until the sink's owner closes it). The first failure is kept for the
 * muxer to attach as its exception's cause; after it, every write fails at once, so FFmpeg never
 * writes a later byte over a hole.
 */
final class OutputBridge implements AvioCallbacks.Bridge {
  private final long id;
  private final OutputSink sink;
  private volatile boolean cancelled;
  private volatile Throwable failure;

  OutputBridge(long id, OutputSink sink) {
    this.id = id;
    this.sink = sink;
  }

  @Override
  public long id() {
    return id;
  }

  int write(BytePointer buf, int size) {
    if (cancelled) return AVERROR_EXIT;
    if (failure != null) return AVERROR_EIO();
    if (size < 0) return AVERROR_EINVAL();
    ByteBuffer bytes = buf.capacity(size).asByteBuffer();
    try {
      sink.write(bytes);
      return size;
    } catch (IOException e) {
      failed(e);
      return AVERROR_EIO();
    }
  }

  @Override
  public long seek(long offset, int whence) {
    if (cancelled) return AVERROR_EXIT;
    if (!sink.seekable()) return AVERROR_ENOSYS();
    try {
      int how = whence & ~AVSEEK_FORCE;
      if (how == AVSEEK_SIZE) return sink.size();
      long base = switch (how) {
        case 0 -> 0; // SEEK_SET
        case 1 -> sink.position(); // SEEK_CUR
        case 2 -> sink.size(); // SEEK_END
        default -> -1;
      };
      if (base < 0 || base + offset < 0) return AVERROR_EINVAL();
      sink.position(base + offset);
      return base + offset;
    } catch (IOException e) {
      failed(e);
      return AVERROR_EIO();
    }
  }

  @Override
  public void failed(Throwable t) {
    if (failure == null) failure = t;
  }

  void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    return cancelled;
  }

  Throwable failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "OutputBridge[" + id + ", " + sink + "]";
  }
}
