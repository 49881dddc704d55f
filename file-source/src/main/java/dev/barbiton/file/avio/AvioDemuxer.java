package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EIO;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_free;

import dev.barbiton.file.FileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.javacpp.BytePointer;

/**
 * An FFmpeg demuxer ({@code AVFormatContext}) reading a {@link RandomAccessInput} through a custom
 * {@code AVIOContext}: a {@link FileSource} while it downloads, or bytes in memory.
 *
 * <p>{@link #open} probes the container (or takes the demuxer {@link DemuxerOptions} names), reads
 * its header and finds stream info; when it returns, {@link #streams()} describes every stream.
 * {@link #readPacket} then reads packets in file order and {@link #seek} moves by time. A read of
 * bytes not downloaded yet blocks inside FFmpeg until they arrive, and a seek far ahead (a moov at
 * the end of an MP4, a seek by time) moves the download there: FFmpeg sees an ordinary seekable
 * file.
 *
 * <p>Ownership: the demuxer owns its input and closes it when it closes (or when {@code open}
 * fails). Opened from a {@link FileSource}, it reads through a channel of its own and never closes
 * the source.
 *
 * <p>Threads: one thread at a time calls {@link #readPacket}, {@link #seek} and uses {@link
 * #formatContext()}. {@link #close} may be called from any thread: it wakes a read blocked inside
 * FFmpeg, which returns within milliseconds with an {@link AvioException} whose {@code cancelled()}
 * is true, and frees the native contexts once that call has left FFmpeg. An {@code open} blocked in
 * a read is cancelled by closing its input (or the {@link FileSource}) or by interrupting its
 * thread, and then always throws a cancelled {@link AvioException}. Interrupting a reading thread
 * cancels that one call (interrupt status kept); the next call, with the interrupt cleared, reads
 * on.
 *
 * <p>Always close a demuxer: its native memory is not freed by the garbage collector.
 */
public final class AvioDemuxer implements AutoCloseable {
  /**
   * Size of the AVIO buffer. FFmpeg reads straight into the caller's memory when it wants more than
   * this, so a bigger buffer buys nothing; 64 KiB also keeps 1,000 open demuxers at 64 MB.
   */
  static final int BUFFER_SIZE = 64 * 1024;

  static {
    FfmpegLog.install(); // before any other FFmpeg call: FFmpeg never prints to stderr
  }

  /*
   * Implementation notes. `lock` is held around every FFmpeg call on the contexts and around
   * freeing them, so close() from another thread never frees what FFmpeg is using: it first
   * cancels the bridge (no lock: that is what makes the blocked call return), then takes the lock
   * and frees. Teardown order, also on a failed open: avformat_close_input (only if open
   * succeeded: a failed avformat_open_input frees the format context itself), then av_free of
   * pb->buffer (FFmpeg may have replaced the buffer we gave it), then avio_context_free, then the
   * bridge leaves the registry.
   */
  private final InputBridge bridge;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<StreamInfo> streams;
  private final Optional<Duration> duration;
  private final String formatName;
  // Guarded by lock.
  private AVFormatContext format;
  private AVIOContext avio;
  private boolean freed;

  private AvioDemuxer(InputBridge bridge, AVFormatContext format, AVIOContext avio) {
    this.bridge = bridge;
    this.format = format;
    this.avio = avio;
    this.streams = DemuxerOpener.describeStreams(format);
    long micros = format.duration();
    this.duration = micros == AV_NOPTS_VALUE || micros < 0
        ? Optional.empty()
        : Optional.of(Duration.of(micros, java.time.temporal.ChronoUnit.MICROS));
    AVInputFormat iformat = format.iformat();
    this.formatName = iformat == null || iformat.name() == null ? "" : iformat.name().getString();
  }

  /**
   * Opens a demuxer on {@code input} with the {@linkplain DemuxerOptions#defaults() default
   * options}, as {@link #open(RandomAccessInput, DemuxerOptions)}.
   */
  public static AvioDemuxer open(RandomAccessInput input) throws AvioException {
    return open(input, DemuxerOptions.defaults());
  }

  /**
   * Opens a demuxer on {@code input}, which it then owns: the input is closed when the demuxer
   * closes, and at once if this method fails. When it returns, every read it made succeeded, so
   * {@link #streams()} describes what the container says, not what a cut-short read left.
   *
   * <p>Cancelling: closing the input or the {@link FileSource} under it, or interrupting the
   * calling thread, while this method reads makes it throw an {@link AvioException} whose {@code
   * cancelled()} is true (interrupt status kept), even when FFmpeg itself would have carried on
   * with what it had read.
   *
   * @throws AvioException if FFmpeg cannot allocate ({@link AvioException.Stage#ALLOCATE}), has no
   *     demuxer of the options' format name ({@code AVERROR_DEMUXER_NOT_FOUND}), cannot recognise
   *     the container, refuses or does not use a format option ({@code AVERROR_OPTION_NOT_FOUND}),
   *     all {@link AvioException.Stage#OPEN}; or cannot find its streams ({@link
   *     AvioException.Stage#FIND_STREAM_INFO}). Its cause is the input's exception when bytes could
   *     not be read, and {@code cancelled()} tells a close or interrupt. Either way everything is
   *     freed and the input closed.
   */
  public static AvioDemuxer open(RandomAccessInput input, DemuxerOptions options) throws AvioException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    DemuxerOpener.Opened opened = DemuxerOpener.open(input, options);
    return new AvioDemuxer(opened.bridge(), opened.format(), opened.avio());
  }

  /**
   * Opens a demuxer on {@code source} through a channel of its own (see {@link
   * RandomAccessInput#of(FileSource)}); closing the demuxer closes that channel, not the source.
   *
   * @throws IOException if the source refuses a channel
   * @throws AvioException as {@link #open(RandomAccessInput)}
   */
  public static AvioDemuxer open(FileSource source) throws IOException {
    return open(RandomAccessInput.of(source));
  }

  /**
   * Opens a demuxer on {@code source} with {@code options}, through a channel of its own; closing
   * the demuxer closes that channel, not the source.
   *
   * @throws IOException if the source refuses a channel
   * @throws AvioException as {@link #open(RandomAccessInput, DemuxerOptions)}
   */
  public static AvioDemuxer open(FileSource source, DemuxerOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return open(RandomAccessInput.of(source), options);
  }

  /** Opens a demuxer on the bytes between {@code buffer}'s position and limit, not copied. */
  public static AvioDemuxer open(ByteBuffer buffer) throws AvioException {
    return open(RandomAccessInput.of(buffer));
  }

  /** Opens a demuxer on {@code bytes}, not copied. */
  public static AvioDemuxer open(byte[] bytes) throws AvioException {
    return open(RandomAccessInput.of(bytes));
  }

  /** Every stream, in index order. */
  public List<StreamInfo> streams() {
    return streams;
  }

  /** The container's duration, when it says. */
  public Optional<Duration> duration() {
    return duration;
  }

  /** FFmpeg's short name of the container format ({@code "mov,mp4,m4a,3gp,3g2,mj2"}). */
  public String formatName() {
    return formatName;
  }

  /**
   * FFmpeg's format context, for what this class does not wrap (finding the best stream, codec
   * parameters). Valid until {@link #close}; never free it or its {@code pb}, and use it only on
   * the thread that reads.
   *
   * @throws IllegalStateException if the demuxer is closed
   */
  public AVFormatContext formatContext() {
    lock.lock();
    try {
      checkNotFreed();
      return format;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads the next packet into {@code packet} ({@code av_read_frame}). Returns true with a packet
   * the caller must {@code av_packet_unref}, or false at the final end of the input. A packet is
   * returned only if every read of the input during the call succeeded.
   *
   * <p>After a failure (a read timeout, say) the next call resets the AVIO error state and reads
   * on; the packet that failed may be lost, and a {@link #seek} is the sure way to resume.
   *
   * @throws AvioException if the packet cannot be read; {@code cancelled()} if the demuxer or its
   *     input was closed, or the thread interrupted, during the call
   * @throws IllegalStateException if the demuxer is closed
   */
  public boolean readPacket(AVPacket packet) throws AvioException {
    Objects.requireNonNull(packet, "packet");
    lock.lock();
    try {
      checkUsable(AvioException.Stage.READ_FRAME);
      resetErrorState();
      int ret = av_read_frame(format, packet);
      boolean inputFailed = bridge.failure() != null || bridge.isCancelled();
      if (ret >= 0 && !inputFailed) return true;
      if (ret >= 0) {
        // FFmpeg hands out the part of a packet it read before our read failed (flagged corrupt,
        // "Packet corrupt" in its log): never pass that on as a packet.
        av_packet_unref(packet);
        ret = avio.error() < 0 ? avio.error() : bridge.isCancelled() ? AVERROR_EXIT : AVERROR_EIO();
      }
      // FFmpeg reports some failed reads as EOF: it is the end only if the input said so.
      if (ret == AVERROR_EOF && !inputFailed && avio.error() == 0) return false;
      throw failure(bridge, AvioException.Stage.READ_FRAME, ret);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Seeks so that the next packets start at the keyframe at or before {@code position}, on the
   * timeline of the packets' timestamps ({@code avformat_seek_file}). A position past what is
   * downloaded is fine: the next read waits for the bytes there, and moves the download.
   *
   * @throws AvioException if FFmpeg cannot seek there; {@code cancelled()} as for reads
   * @throws IllegalStateException if the demuxer is closed
   */
  public void seek(Duration position) throws AvioException {
    Objects.requireNonNull(position, "position");
    lock.lock();
    try {
      checkUsable(AvioException.Stage.SEEK);
      resetErrorState();
      long micros = Math.multiplyExact(position.getSeconds(), (long) AV_TIME_BASE) + position.getNano() / 1000;
      int ret = avformat_seek_file(format, -1, Long.MIN_VALUE, micros, micros, 0);
      if (ret < 0) throw failure(bridge, AvioException.Stage.SEEK, ret);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the demuxer and its input, and frees FFmpeg's contexts. Any thread: a call blocked
   * inside FFmpeg is woken and returns with a cancelled {@link AvioException}, and the contexts are
   * freed once it has. Idempotent; when it returns, everything is freed.
   */
  @Override
  public void close() {
    bridge.cancel(); // first, without the lock: this is what wakes a blocked read
    lock.lock();
    try {
      if (freed) return;
      freed = true;
      free(format, true, avio);
      format = null;
      avio = null;
      AvioCallbacks.unregister(bridge);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "AvioDemuxer[" + formatName + ", " + streams.size() + " streams" + (freed ? ", closed]" : "]");
  }

  private void checkNotFreed() {
    if (freed) throw new IllegalStateException("demuxer is closed");
  }

  private void checkUsable(AvioException.Stage stage) throws AvioException {
    checkNotFreed();
    if (bridge.isCancelled()) {
      throw new AvioException(stage, AVERROR_EXIT, "demuxer is closing", true, null);
    }
  }

  /** Clears a sticky AVIO error so that a call after a failed one reads again. */
  private void resetErrorState() {
    if (avio.error() != 0 || avio.eof_reached() != 0) {
      avio.error(0);
      avio.eof_reached(0);
    }
    bridge.clearFailure();
  }

  /** Frees what an open allocated: see the teardown order above. */
  static void free(AVFormatContext format, boolean opened, AVIOContext avio) {
    if (format != null && opened) avformat_close_input(format); // CUSTOM_IO: leaves pb alone
    if (avio != null) {
      BytePointer buffer = avio.buffer();
      if (buffer != null && !buffer.isNull()) av_free(buffer);
      avio.buffer((BytePointer) null);
      avio_context_free(avio);
    }
  }

  static AvioException failure(InputBridge bridge, AvioException.Stage stage, int code) {
    Throwable cause = bridge.failure();
    boolean cancelled = bridge.isCancelled() || bridge.readCancelled() || code == AVERROR_EXIT
        || Thread.currentThread().isInterrupted();
    String message = FfmpegErrors.describe(code);
    if (cancelled) message = "cancelled: " + message;
    if (cause != null) message += "; input: " + cause;
    return new AvioException(stage, code, message, cancelled, cause);
  }
}
