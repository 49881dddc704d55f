package dev.barbiton.examples.bench;

import dev.barbiton.events.BusEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.EventMeta;
import dev.barbiton.events.FileEvent;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code events}: events delivered per second through an {@link EventBus}, from P publishing
 * threads to S pull subscribers each taking every event ({@code 1→1} and {@code 4→2}), against
 * the same shape built from {@link ArrayBlockingQueue}s: one queue of {@value #IN_FLIGHT} per
 * subscriber, each publisher {@code put}ting every event into every queue. Both sides build the
 * same event ({@link FileEvent.ReadProgress} with a fresh {@link EventMeta}: a sequence number, the
 * clock's instant, the source), and both sides' subscribers read each event they receive (its
 * sequence number), as any consumer looks at what it is given. A run ends when every subscriber has accounted for every event;
 * the figure is events received (by all subscribers together) divided by that time.
 *
 * <p>The two differ when a subscriber falls behind: an {@code ArrayBlockingQueue} publisher waits,
 * a bus publisher never does and the subscriber loses its oldest events. So that the main figures
 * compare lossless delivery, the bus publishers are paced by the harness the way {@code put}
 * paces the queues: they publish while fewer than {@value #IN_FLIGHT} events are in flight to the
 * slowest subscriber, and otherwise park until a subscriber reports progress; the subscriptions
 * hold {@code 2 × IN_FLIGHT} so the slack of the harness's batched counters never drops one. The
 * {@code overload} figure lets the one publisher run flat out into a queue of {@value #IN_FLIGHT}:
 * what a subscriber still receives while the bus drops for it (the note gives the share lost),
 * against the queue baseline with as many events.
 *
 * <p>Why the two sides are comparable: the same threads, started together on a latch, build the
 * same events; before any run is measured, every shape runs once on both sides, so that the JIT
 * has compiled all the code every measured run goes through (otherwise the first shape would run
 * on code the second's profile later deoptimizes); each run starts after a full GC, so that no run
 * pays for the garbage of the one before (a run allocates its events on both sides); and in each
 * iteration the sides take turns going first. A single run's rate depends on where the
 * scheduler happens to put its threads and on how long a parked thread takes to wake (on a
 * virtual machine, up to the host), so a bus run can come out 30 % faster or slower than the next
 * one; the figure is therefore the median of many short runs (12 of 2 million events) rather than
 * of a few long ones. What the harness cannot make equal is the machine: a shape with more
 * threads than cores (4→2 has six on two) and the overload figure, where the subscriber keeps up
 * only while it has a core of its own, follow any other load on the machine.
 */
final class EventsBench {
  static final String NAME = "events";
  static final int IN_FLIGHT = 1024;
  /** How many events a publisher or subscriber handles between updates of the shared counters. */
  private static final int BATCH = 64;
  private static final String SOURCE = "bench-events";
  private static final long TIMEOUT_SECONDS = 30;
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
  /** {publishers, subscribers} of the lossless figures. */
  private static final int[][] SHAPES = {{1, 1}, {4, 2}};
  private static final String FAIRNESS = "every shape warmed up first, full GC before each run, sides taking turns";

  private EventsBench() {}

  /** What one run moved: events received by all subscribers, events lost, and the time taken. */
  private record Run(long received, long dropped, long nanos) {
    double millionsPerSecond() {
      return received * 1e3 / nanos;
    }
  }

  static List<Figure> run(BenchContext context) throws Exception {
    long published = context.pick(500_000L, 2_000_000L);
    long overloaded = context.pick(100_000L, 1_000_000L);
    int iterations = context.pick(4, 12);
    context.progress(NAME + ": " + published + " events per run, " + iterations + " iterations per shape");
    // Every shape on both sides once before any is measured: the JIT has then seen all of them, so
    // no measured run pays for a recompilation that a later shape's profile forces.
    for (int[] shape : SHAPES) {
      bus(shape[0], shape[1], published / shape[0], true);
      queues(shape[0], shape[1], published / shape[0]);
    }
    bus(1, 1, overloaded, false);
    queues(1, 1, overloaded);

    List<Figure> figures = new ArrayList<>();
    String baselineIs = "ArrayBlockingQueue(" + IN_FLIGHT + ") per subscriber, put";
    for (int[] shape : SHAPES) {
      int publishers = shape[0];
      int subscribers = shape[1];
      long perPublisher = published / publishers;
      double[] ours = new double[iterations];
      double[] theirs = new double[iterations];
      long dropped = 0;
      for (int i = 0; i < iterations; i++) {
        if (i % 2 == 1) theirs[i] = queues(publishers, subscribers, perPublisher).millionsPerSecond();
        Run run = bus(publishers, subscribers, perPublisher, true);
        ours[i] = run.millionsPerSecond();
        dropped += run.dropped();
        if (i % 2 == 0) theirs[i] = queues(publishers, subscribers, perPublisher).millionsPerSecond();
        context.detail(String.format(Locale.ROOT, "%s %d→%d %d: bus %.2f, queues %.2f M ev/s", NAME, publishers,
            subscribers, i, ours[i], theirs[i]));
      }
      figures.add(Figure.of(NAME, "events " + publishers + "→" + subscribers, ours, theirs, "M ev/s", baselineIs,
          publishers + " publisher(s) → " + subscribers + " pull subscriber(s), each receives every event,"
              + " at most " + IN_FLIGHT + " in flight; dropped " + dropped + "; " + FAIRNESS));
    }

    double[] ours = new double[iterations];
    double[] theirs = new double[iterations];
    long received = 0;
    long dropped = 0;
    for (int i = 0; i < iterations; i++) {
      if (i % 2 == 1) theirs[i] = queues(1, 1, overloaded).millionsPerSecond();
      Run run = bus(1, 1, overloaded, false);
      ours[i] = run.millionsPerSecond();
      received += run.received();
      dropped += run.dropped();
      if (i % 2 == 0) theirs[i] = queues(1, 1, overloaded).millionsPerSecond();
      context.detail(String.format(Locale.ROOT, "%s overload %d: bus %.2f (dropped %d), queues %.2f M ev/s", NAME, i,
          ours[i], run.dropped(), theirs[i]));
    }
    figures.add(Figure.of(NAME, "events 1→1 overload", ours, theirs, "M ev/s", baselineIs + " (1→1)",
        String.format(Locale.ROOT,
            "publisher unpaced, queue of %d, %d events per run: bus dropped %.1f %%, figure counts received only; %s",
            IN_FLIGHT, overloaded, 100.0 * dropped / (received + dropped), FAIRNESS)));
    return figures;
  }

  private static Run bus(int publishers, int subscribers, long perPublisher, boolean paced) throws Exception {
    long expected = publishers * perPublisher;
    int capacity = paced ? 2 * IN_FLIGHT : IN_FLIGHT;
    Credit credit = new Credit(subscribers);
    try (EventBus bus = EventBus.create()) {
      Harness harness = new Harness();
      for (int s = 0; s < subscribers; s++) {
        AtomicLong progress = credit.accounted[s];
        Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(capacity).name("bench-" + s).build());
        harness.add("subscriber", () -> {
          long received = 0;
          long dropped = 0;
          long sequences = 0;
          while (received + dropped < expected) {
            Event event = subscription.poll(POLL_TIMEOUT);
            if (event == null) throw new IllegalStateException("no event for " + TIMEOUT_SECONDS + " s");
            if (event instanceof BusEvent.Overflow overflow) {
              dropped += overflow.dropped();
              continue;
            }
            sequences += event.sequence();
            if (++received % BATCH == 0) credit.advance(progress, received + dropped);
          }
          credit.advance(progress, expected);
          harness.sink.addAndGet(sequences);
          harness.received.addAndGet(received);
          harness.dropped.addAndGet(dropped);
        });
      }
      for (int p = 0; p < publishers; p++) {
        harness.add("publisher", () -> {
          for (long k = 0; k < perPublisher; k++) {
            if (paced && k % BATCH == 0) credit.await();
            long position = k;
            bus.publish(SOURCE, meta -> new FileEvent.ReadProgress(meta, position, 1));
          }
        });
      }
      return harness.run();
    }
  }

  /**
   * The pacing of bus publishers: like {@code ArrayBlockingQueue.put}, a publisher without credit
   * parks and a subscriber that makes progress unparks it. Counters move in batches of {@link
   * #BATCH}: a publisher takes credit for a batch before publishing it, a subscriber reports every
   * batch it has accounted for.
   */
  private static final class Credit {
    final AtomicLong published = new AtomicLong();
    final AtomicLong[] accounted;
    private final java.util.Set<Thread> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Credit(int subscribers) {
      accounted = new AtomicLong[subscribers];
      for (int s = 0; s < subscribers; s++) accounted[s] = new AtomicLong();
    }

    /** Waits until a batch more keeps at most {@link #IN_FLIGHT} events ahead of every subscriber. */
    void await() {
      long inFlightAfter = published.addAndGet(BATCH);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      Thread self = Thread.currentThread();
      while (inFlightAfter - slowest() > IN_FLIGHT) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("subscribers stuck at " + slowest());
        parked.add(self);
        if (inFlightAfter - slowest() > IN_FLIGHT) LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        parked.remove(self);
      }
    }

    /** Records a subscriber's progress and wakes parked publishers. */
    void advance(AtomicLong progress, long value) {
      progress.set(value);
      if (!parked.isEmpty()) {
        for (Thread thread : parked) LockSupport.unpark(thread);
      }
    }

    private long slowest() {
      long slowest = Long.MAX_VALUE;
      for (AtomicLong progress : accounted) slowest = Math.min(slowest, progress.get());
      return slowest;
    }
  }

  private static Run queues(int publishers, int subscribers, long perPublisher) throws Exception {
    long expected = publishers * perPublisher;
    List<ArrayBlockingQueue<Event>> queues = new ArrayList<>();
    for (int s = 0; s < subscribers; s++) queues.add(new ArrayBlockingQueue<>(IN_FLIGHT));
    AtomicLong sequence = new AtomicLong();
    Clock clock = Clock.systemUTC();
    Harness harness = new Harness();
    for (ArrayBlockingQueue<Event> queue : queues) {
      harness.add("subscriber", () -> {
        long sequences = 0;
        for (long k = 0; k < expected; k++) {
          Event event = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          if (event == null) throw new IllegalStateException("no event for " + TIMEOUT_SECONDS + " s");
          sequences += event.sequence();
        }
        harness.sink.addAndGet(sequences);
        harness.received.addAndGet(expected);
      });
    }
    for (int p = 0; p < publishers; p++) {
      harness.add("publisher", () -> {
        for (long k = 0; k < perPublisher; k++) {
          Event event = new FileEvent.ReadProgress(new EventMeta(sequence.incrementAndGet(), clock.instant(), SOURCE), k, 1);
          for (ArrayBlockingQueue<Event> queue : queues) {
            if (!queue.offer(event, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
              throw new IllegalStateException("queue full for " + TIMEOUT_SECONDS + " s");
            }
          }
        }
      });
    }
    return harness.run();
  }

  private interface Task {
    void run() throws Exception;
  }

  /** Starts every thread at once on a latch and times until all have ended. */
  private static final class Harness {
    final AtomicLong received = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    /** The sum of the sequence numbers the subscribers read, so that no side's reading is optimized away. */
    final AtomicLong sink = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch start = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    void add(String role, Task task) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          task.run();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "bench-events-" + role + "-" + threads.size());
      thread.setDaemon(true);
      threads.add(thread);
    }

    Run run() throws InterruptedException {
      System.gc(); // no run meets a collection of the previous run's garbage
      for (Thread thread : threads) thread.start();
      long begin = System.nanoTime();
      start.countDown();
      long deadline = begin + TimeUnit.SECONDS.toNanos(4 * TIMEOUT_SECONDS);
      for (Thread thread : threads) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
          for (Thread t : threads) t.interrupt();
          throw new IllegalStateException(thread.getName() + " still running after " + 4 * TIMEOUT_SECONDS + " s");
        }
      }
      long elapsed = System.nanoTime() - begin;
      Throwable t = failure.get();
      if (t != null) throw new IllegalStateException("events run failed", t);
      return new Run(received.get(), dropped.get(), elapsed);
    }
  }
}
