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
import java.util.Locale;
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
 *
 * <p>Why the two are comparable: both sides' handoffs alternate, one of each in turn, on the same
 * reader and writer threads (which side goes first changes from one iteration to the next), with
 * the same wait for the park, the same settling time and the same timed park underneath; each
 * iteration starts after a full GC, and a warm-up iteration lets the JIT compile both paths
 * first. Alternating handoff by handoff matters here: how long a wake-up takes depends on where
 * the scheduler put the reader (on the writer's core, or on an idle one that must be woken) and,
 * on a virtual machine, on the host (whether it polls for the idle virtual CPU or deschedules
 * it), and either can change from one thread, or one second, to the next; alternating puts both
 * sides under the same conditions. The absolute figures, and so the ratio, still follow those
 * conditions: on our 2-core VM the bare handoff takes about 3 µs or about 25 µs, and the ratio is
 * then about 2.7 or about 1.3. The note also gives the difference between the two sides.
 */
final class WakeupBench {
  static final String NAME = "wakeup";
  private static final int CHUNK = 4 << 10;
  private static final long STEP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** How long the writer waits after seeing the reader parked, so that it is asleep in the kernel. */
  private static final long SETTLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private WakeupBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int samples = context.pick(2_000, 10_000);
    int iterations = context.pick(4, 10);
    context.progress(NAME + ": " + samples + " handoffs per side per iteration, " + iterations + " iterations");
    Path directory = context.newDirectory("wakeup");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      interleaved(store, "warm-up", samples, 0);
      double[][] ours = new double[2][iterations];
      double[][] theirs = new double[2][iterations];
      double[][] added = new double[2][iterations];
      for (int i = 0; i < iterations; i++) {
        long[][] latencies = interleaved(store, "iteration-" + i, samples, i % 2);
        record(latencies[0], ours, i);
        record(latencies[1], theirs, i);
        for (int p = 0; p < 2; p++) added[p][i] = ours[p][i] - theirs[p][i];
        context.detail(String.format(Locale.ROOT, "%s %d: p50 %.1f vs %.1f µs, p99 %.1f vs %.1f µs", NAME, i,
            ours[0][i], theirs[0][i], ours[1][i], theirs[1][i]));
      }
      String baselineIs = "LockSupport.parkNanos / unpark handoff";
      String note = samples + " samples per side per iteration, the two sides' handoffs alternating on one reader"
          + " thread, reader parked (state + 50 µs) before each; full GC before each iteration";
      List<Figure> figures = new ArrayList<>();
      String[] names = {"wakeup p50", "wakeup p99"};
      for (int p = 0; p < 2; p++) {
        figures.add(Figure.of(NAME, names[p], ours[p], theirs[p], "µs", baselineIs, String.format(Locale.ROOT,
            "%s; barbiton - baseline %.1f µs (median over iterations)", note, Stats.median(added[p]))));
      }
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

  /**
   * Runs {@code samples} handoffs of each side on one reader thread, alternating: Barbiton's (a
   * write of 4 KiB where the reader waits in {@code readAt}) and the baseline's (a volatile flag
   * and {@link LockSupport#unpark}, the reader in {@link LockSupport#parkNanos}). Barbiton's go
   * first if {@code first} is 0, the baseline's if it is 1.
   *
   * @return {Barbiton's latencies, the baseline's}: nanoseconds from each release to the reader's
   *     return
   */
  private static long[][] interleaved(AssetStore store, String name, int samples, int first) throws Exception {
    try (AssetResource resource = store.acquire(ResourceKey.of("bench-wakeup-" + name));
         ResourceWriter writer = resource.claimWriter()) {
      writer.setLength((long) samples * CHUNK);
      ByteBuffer dst = ByteBuffer.allocateDirect(CHUNK);
      ByteBuffer src = ByteBuffer.allocateDirect(CHUNK);
      AtomicInteger released = new AtomicInteger();
      Handoff handoff = new Handoff(2 * samples, k -> {
        int j = k / 2;
        if (isBarbiton(k, first)) {
          dst.clear();
          resource.readAt((long) j * CHUNK, dst, Duration.ofSeconds(30));
        } else {
          long deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
          while (released.get() <= j) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no unpark for sample " + j);
            LockSupport.parkNanos(released, STEP_TIMEOUT_NANOS);
          }
        }
      });
      long[] all = handoff.run(
          k -> !isBarbiton(k, first) || contains(writer.waitingPositions(), (long) (k / 2) * CHUNK),
          k -> {
            int j = k / 2;
            if (isBarbiton(k, first)) {
              src.clear();
              writer.write((long) j * CHUNK, src);
            } else {
              released.set(j + 1);
              LockSupport.unpark(handoff.reader());
            }
          });
      long[][] bySide = new long[2][samples];
      for (int k = 0; k < all.length; k++) bySide[isBarbiton(k, first) ? 0 : 1][k / 2] = all[k];
      return bySide;
    }
  }

  private static boolean isBarbiton(int step, int first) {
    return (step + first) % 2 == 0;
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
      System.gc();
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
