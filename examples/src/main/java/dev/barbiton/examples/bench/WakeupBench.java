package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.assets.ResourceWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code wakeup}: how long a reader blocked in {@link AssetResource#readAt} at a missing position
 * takes to wake after a writer writes 4 KiB there, measured from just before the write to just
 * after {@code readAt} returns; against the bare handoff every blocking read rests on, a flag set
 * and {@link LockSupport#unpark} of a thread in {@link LockSupport#parkNanos}.
 *
 * <p>Before each write the writer waits until the reader is really parked: its thread state is
 * {@code WAITING} or {@code TIMED_WAITING} and (for Barbiton) the writer sees it among {@link
 * ResourceWriter#waitingPositions()}, and then 50 µs more, because the JVM sets that state on the
 * way into {@code park}, before the thread is asleep in the kernel. Without that, a write landing
 * before the reader blocks is found by the reader's first look (or its park returns at once), and
 * the sample would measure a memory read instead; with it, both sides measure the full path a
 * player stalled on the network takes: unpark, the kernel waking the thread, rescheduling, and
 * (for Barbiton) the lock and the recheck of the published view. The writer then spins until the
 * reader reports, so one handoff is in flight at a time.
 */
final class WakeupBench {
  static final String NAME = "wakeup";
  private static final int CHUNK = 4 << 10;
  private static final long STEP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** How long the writer waits after seeing the reader parked, so that it is asleep in the kernel. */
  private static final long SETTLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private WakeupBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int samples = context.pick(2_000, 20_000);
    int iterations = 5;
    context.progress(NAME + ": " + samples + " handoffs per iteration, " + iterations + " iterations");
    Path directory = context.newDirectory("wakeup");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      barbiton(store, "warm-up", samples / 2);
      parkUnpark(samples / 2);
      double[][] ours = new double[2][iterations];
      double[][] theirs = new double[2][iterations];
      for (int i = 0; i < iterations; i++) {
        record(barbiton(store, "iteration-" + i, samples), ours, i);
        record(parkUnpark(samples), theirs, i);
      }
      String baselineIs = "LockSupport.parkNanos / unpark handoff";
      String note = samples + " samples per iteration, reader parked (state + 50 µs) before each 4 KiB write";
      List<Figure> figures = new ArrayList<>();
      figures.add(Figure.of(NAME, "wakeup p50", ours[0], theirs[0], "µs", baselineIs, note));
      figures.add(Figure.of(NAME, "wakeup p99", ours[1], theirs[1], "µs", baselineIs, note));
      return figures;
    } finally {
      BenchContext.delete(directory);
    }
  }

  private static void record(long[] latencies, double[][] into, int iteration) {
    Arrays.sort(latencies);
    into[0][iteration] = Stats.percentile(latencies, 50) / 1e3;
    into[1][iteration] = Stats.percentile(latencies, 99) / 1e3;
  }

  /** Returns the nanoseconds from each write to its reader's return from readAt. */
  private static long[] barbiton(AssetStore store, String name, int samples) throws Exception {
    try (AssetResource resource = store.acquire(ResourceKey.of("bench-wakeup-" + name));
         ResourceWriter writer = resource.claimWriter()) {
      writer.setLength((long) samples * CHUNK);
      ByteBuffer dst = ByteBuffer.allocateDirect(CHUNK);
      Handoff handoff = new Handoff(samples, i -> {
        dst.clear();
        resource.readAt((long) i * CHUNK, dst, Duration.ofSeconds(30));
      });
      ByteBuffer src = ByteBuffer.allocateDirect(CHUNK);
      return handoff.run(i -> contains(writer.waitingPositions(), (long) i * CHUNK), i -> {
        src.clear();
        writer.write((long) i * CHUNK, src);
      });
    }
  }

  /** The same handoff with nothing but a volatile flag and park/unpark. */
  private static long[] parkUnpark(int samples) throws Exception {
    AtomicInteger released = new AtomicInteger();
    Handoff handoff = new Handoff(samples, i -> {
      long deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
      while (released.get() <= i) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("no unpark for sample " + i);
        LockSupport.parkNanos(released, STEP_TIMEOUT_NANOS);
      }
    });
    return handoff.run(i -> true, i -> {
      released.set(i + 1);
      LockSupport.unpark(handoff.reader());
    });
  }

  private static boolean contains(long[] values, long value) {
    for (long v : values) {
      if (v == value) return true;
    }
    return false;
  }

  private interface Step {
    void run(int sample) throws Exception;
  }

  private interface Check {
    boolean test(int sample);
  }

  /**
   * One reader thread blocking once per sample, and the calling thread releasing it. The reader
   * stores its wake-up time in {@code wokeAt[i]} and then publishes {@code i + 1} in {@code done}
   * (a volatile write, so the writer reading {@code done} sees the time).
   */
  private static final class Handoff {
    private final int samples;
    private final long[] wokeAt;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread reader;

    Handoff(int samples, Step block) {
      this.samples = samples;
      this.wokeAt = new long[samples];
      this.reader = new Thread(() -> {
        try {
          for (int i = 0; i < samples; i++) {
            block.run(i);
            wokeAt[i] = System.nanoTime();
            done.set(i + 1);
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "bench-wakeup-reader");
      reader.setDaemon(true);
    }

    Thread reader() {
      return reader;
    }

    long[] run(Check blockedAtSample, Step release) throws Exception {
      long[] latencies = new long[samples];
      reader.start();
      try {
        for (int i = 0; i < samples; i++) {
          long deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
          while (!isParked(reader.getState()) || !blockedAtSample.test(i)) {
            checkProgress(deadline, i, "park");
            Thread.onSpinWait();
          }
          // The JVM sets the state on the way into park, before the futex call: let it fall asleep.
          long settled = System.nanoTime() + SETTLE_NANOS;
          while (System.nanoTime() < settled) Thread.onSpinWait();
          if (!isParked(reader.getState())) throw new IllegalStateException("reader woke by itself at sample " + i);
          long start = System.nanoTime();
          release.run(i);
          while (done.get() <= i) {
            checkProgress(deadline, i, "wake");
            Thread.onSpinWait();
          }
          latencies[i] = wokeAt[i] - start;
        }
        reader.join(TimeUnit.NANOSECONDS.toMillis(STEP_TIMEOUT_NANOS));
        return latencies;
      } finally {
        if (reader.isAlive()) reader.interrupt();
      }
    }

    private void checkProgress(long deadline, int sample, String what) {
      Throwable t = failure.get();
      if (t != null) throw new IllegalStateException("reader failed at sample " + sample, t);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("reader did not " + what + " at sample " + sample + " within 10 s");
      }
    }

    private static boolean isParked(Thread.State state) {
      return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
  }
}
