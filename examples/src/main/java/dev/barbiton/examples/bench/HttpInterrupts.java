package dev.barbiton.examples.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * Ends FFmpeg's network calls at a {@link Deadline}: the one {@code AVIOInterruptCB} callback every
 * context of {@link FfmpegHttpPlayback} uses, and the registry that takes its {@code opaque} back
 * to the deadline. FFmpeg polls the callback while it connects, waits and reads (its tcp protocol
 * at least every 100 ms); a non-zero answer makes the blocked call return {@code AVERROR_EXIT}.
 *
 * <p>One callback, retained for good, because JavaCPP keeps at most 10 live instances of a
 * callback class (the 11th gets a NULL function pointer); the {@code opaque} is an id, never
 * dereferenced. Nothing may escape the callback: a Java exception crossing into C aborts the JVM.
 */
final class HttpInterrupts {
  private static final ConcurrentHashMap<Long, Deadline> DEADLINES = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_ID = new AtomicLong(1); // 0 would be a NULL opaque
  private static final Callback CALLBACK = new Callback().retainReference();

  private HttpInterrupts() {}

  /**
   * Makes {@code format}'s network calls end at {@code deadline}; call before {@code
   * avformat_open_input}. Returns the id to {@link #release} once the context is freed.
   */
  static long install(AVFormatContext format, Deadline deadline) {
    long id = NEXT_ID.getAndIncrement();
    DEADLINES.put(id, deadline);
    AVIOInterruptCB interrupt = format.interrupt_callback(); // the struct inside the context
    interrupt.callback(CALLBACK);
    interrupt.opaque(new OpaqueId(id));
    return id;
  }

  /** Forgets the deadline of {@code id}; a callback that still comes says "interrupt". */
  static void release(long id) {
    DEADLINES.remove(id);
  }

  private static final class Callback extends AVIOInterruptCB.Callback_Pointer {
    @Override
    public int call(Pointer opaque) {
      try {
        Deadline deadline = opaque == null ? null : DEADLINES.get(opaque.address());
        return deadline == null || deadline.expired() ? 1 : 0;
      } catch (Throwable t) {
        return 1;
      }
    }
  }

  /** A pointer whose address is a registry id. */
  private static final class OpaqueId extends Pointer {
    OpaqueId(long id) {
      address = id;
    }
  }
}
