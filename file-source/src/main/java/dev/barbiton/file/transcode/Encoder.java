package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Runs one encoder: a video encoder on a pooled thread of its own, so that encoding overlaps
 * demuxing, decoding and filtering on the run's thread (as FFmpeg's command line does since 7.0;
 * on two cores a VP9 encode of decoded H.264 went from 0.80× the {@code ffmpeg} executable's
 * speed to 1.03×); an audio encoder, cheap next to decoding, inline on the run's thread.
 *
 * <p>The run's thread {@link #submit}s frames (references: a clone of the frame's buffers, not a
 * copy of the pixels) into a queue of {@value #IN_FLIGHT}, waiting when it is full, and takes the
 * encoded packets back with {@link #poll()}; only the run's thread writes to the muxer. The encoder
 * context is used by the worker alone from {@link #start} to {@link #finish} or {@link #close}
 * (which returns only once the worker has let go of it).
 * A failure of the encoder is kept and thrown on the run's thread by the next call.
 */
final class Encoder implements AutoCloseable {
  /** Frames queued for the encoder: enough to ride out a slow frame, few enough to bound memory. */
  static final int IN_FLIGHT = 8;
  private static final int EAGAIN = avutil.AVERROR_EAGAIN();
  private static final AVFrame END = new AVFrame(); // the marker that flushes the encoder; never freed
  /** Encoder threads, shared by every run; idle ones end after a minute. */
  private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "barbiton-encoder");
        thread.setDaemon(true);
        return thread;
      });

  private final AVCodecContext encoder;
  private final String codecName;
  private final BlockingQueue<AVFrame> frames = new ArrayBlockingQueue<>(IN_FLIGHT);
  private final Queue<AVPacket> packets = new ConcurrentLinkedQueue<>();
  /** 0 not started, 1 running, 2 ended (or never to run). */
  private final AtomicInteger state = new AtomicInteger();
  private final CountDownLatch ended = new CountDownLatch(1);
  private Future<?> task;
  private volatile TranscodeException failure;
  private volatile boolean stopping;

  private final boolean threaded;

  Encoder(AVCodecContext encoder, String codecName, boolean threaded) {
    this.encoder = encoder;
    this.codecName = codecName;
    this.threaded = threaded;
  }

  /**
   * Starts the worker on a pooled thread. Pooled because each new thread that allocates in native
   * code gets a malloc arena of its own: a thread per run grew the resident set by 87 MB over 200
   * short transcodes, pooled threads by no more than one thread per run does (about 8 MB, JIT
   * included).
   */
  void start() {
    if (threaded) task = POOL.submit(this::work);
  }

  /**
   * Encodes {@code frame} (the caller keeps it): threaded, queues a reference to it, waiting while
   * the queue is full; inline, encodes it now.
   */
  void submit(AVFrame frame) throws TranscodeException {
    checkFailure();
    if (!threaded) {
      encode(frame);
      return;
    }
    AVFrame copy = av_frame_clone(frame);
    if (copy == null || copy.isNull()) throw Failures.ffmpeg(TranscodeException.Stage.ENCODE, avutil.AVERROR_ENOMEM(), "frame reference");
    put(copy);
  }

  /** The next encoded packet (the caller frees it with {@code av_packet_free}), or null if none is ready. */
  AVPacket poll() throws TranscodeException {
    AVPacket packet = packets.poll();
    if (packet == null) checkFailure();
    return packet;
  }

  /** Flushes the encoder and waits until every packet is encoded; then {@link #poll} them all. */
  void finish() throws TranscodeException {
    if (!threaded) {
      encode(null);
      return;
    }
    put(END);
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.cancelled(TranscodeException.Stage.ENCODE);
    }
    checkFailure();
  }

  /** Stops the worker and frees what is queued; the encoder context is the caller's to free after. */
  @Override
  public void close() {
    stopping = true;
    if (threaded && !state.compareAndSet(0, 2)) { // it ran or runs: stop it and wait until it no longer uses the encoder
      task.cancel(true);
      boolean interrupted = false;
      while (true) {
        try {
          ended.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the worker stops within a frame: wait for it, then say so
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
    for (AVFrame frame; (frame = frames.poll()) != null; ) if (frame != END) av_frame_free(frame);
    for (AVPacket packet; (packet = packets.poll()) != null; ) av_packet_free(packet);
  }

  private void put(AVFrame frame) throws TranscodeException {
    try {
      frames.put(frame);
    } catch (InterruptedException e) {
      if (frame != END) av_frame_free(frame);
      Thread.currentThread().interrupt();
      throw Failures.cancelled(TranscodeException.Stage.ENCODE);
    }
  }

  private void checkFailure() throws TranscodeException {
    TranscodeException f = failure;
    if (f != null) throw f;
  }

  private void work() {
    if (!state.compareAndSet(0, 1)) return; // closed before it started
    try {
      while (!stopping) {
        AVFrame frame = frames.take();
        boolean end = frame == END;
        try {
          encode(end ? null : frame);
        } finally {
          if (!end) av_frame_free(frame);
        }
        if (end) return;
      }
    } catch (InterruptedException e) {
      // close(): the run is over
    } catch (TranscodeException e) {
      failure = e;
    } catch (Throwable t) {
      failure = new TranscodeException(TranscodeException.Stage.ENCODE, 0, codecName + ": " + t, t);
    } finally {
      state.set(2);
      ended.countDown();
    }
  }

  /** Sends {@code frame} (null: flush) and queues every packet the encoder has ready. */
  private void encode(AVFrame frame) throws TranscodeException {
    int ret = avcodec_send_frame(encoder, frame);
    if (ret < 0 && ret != AVERROR_EOF) throw Failures.ffmpeg(TranscodeException.Stage.ENCODE, ret, codecName);
    receive();
  }

  private void receive() throws TranscodeException {
    while (true) {
      AVPacket packet = av_packet_alloc();
      int ret = avcodec_receive_packet(encoder, packet);
      if (ret == EAGAIN || ret == AVERROR_EOF) {
        av_packet_free(packet);
        return;
      }
      if (ret < 0) {
        av_packet_free(packet);
        throw Failures.ffmpeg(TranscodeException.Stage.ENCODE, ret, codecName);
      }
      packets.add(packet);
    }
  }
}
