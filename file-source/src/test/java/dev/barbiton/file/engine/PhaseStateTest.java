package dev.barbiton.file.engine;

import dev.barbiton.file.DownloadOutcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.FileEvent;
import dev.barbiton.events.FileEvent.Phase;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PhaseStateTest {
  private static final long TIMEOUT_SECONDS = 10;

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void sequentialTransitions_publishEachPhaseChangeThenComplete() throws Exception {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    AtomicInteger finished = new AtomicInteger();
    PhaseState phase = new PhaseState(new SourceEvents(bus, "key"), finished::incrementAndGet);

    assertTrue(phase.startDownloading());
    assertFalse(phase.startDownloading());
    assertTrue(phase.complete(new DownloadOutcome.Finished(10)));
    assertFalse(phase.complete(new DownloadOutcome.Cancelled()));

    assertEquals(new DownloadOutcome.Finished(10), phase.completion().getNow(null));
    assertEquals(1, finished.get());
    assertEquals(List.of("INIT>DOWNLOADING", "DOWNLOADING>COMPLETE"), phaseChanges(subscription));
  }

  @Test
  @Timeout(60)
  void completeWhileStartIsStillPublishing_phaseEventsFollowCasOrder() throws Exception {
    // The clock stops the starting thread inside its publish, after its CAS, until the
    // completing thread has returned: the order a descheduled thread would produce.
    AtomicReference<Thread> starter = new AtomicReference<>();
    CountDownLatch starterPublishing = new CountDownLatch(1);
    CountDownLatch completeReturned = new CountDownLatch(1);
    EventBus bus = EventBus.create(new StallingClock(starter, starterPublishing, completeReturned));
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    PhaseState phase = new PhaseState(new SourceEvents(bus, "key"), () -> { });

    Future<Boolean> started = threads.submit(() -> {
      starter.set(Thread.currentThread());
      return phase.startDownloading();
    });
    assertTrue(starterPublishing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertEquals(Phase.DOWNLOADING, phase.snapshot().phase());
    assertTrue(phase.complete(new DownloadOutcome.Cancelled()));
    completeReturned.countDown();

    assertTrue(started.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertEquals(new DownloadOutcome.Cancelled(), phase.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of("INIT>DOWNLOADING", "DOWNLOADING>COMPLETE"), phaseChanges(subscription));
  }

  @Test
  @Timeout(120)
  void startRacingComplete_manyTimes_phaseEventsFollowCasOrder() throws Exception {
    CyclicBarrier go = new CyclicBarrier(2);
    for (int round = 0; round < 5_000; round++) {
      long length = round;
      EventBus bus = EventBus.create();
      Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
      AtomicInteger finished = new AtomicInteger();
      PhaseState phase = new PhaseState(new SourceEvents(bus, "key"), finished::incrementAndGet);
      Future<Boolean> started = threads.submit(() -> {
        go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return phase.startDownloading();
      });
      Future<Boolean> completed = threads.submit(() -> {
        go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return phase.complete(new DownloadOutcome.Finished(length));
      });
      boolean startWon = started.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertTrue(completed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

      // Completion completes only after the last phase event is on the bus.
      assertEquals(new DownloadOutcome.Finished(length), phase.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      List<String> expected = startWon
          ? List.of("INIT>DOWNLOADING", "DOWNLOADING>COMPLETE")
          : List.of("INIT>COMPLETE");
      assertEquals(expected, phaseChanges(subscription), "round " + round);
      assertEquals(1, finished.get());
      bus.close();
    }
  }

  /** The phase changes queued on {@code subscription}, as "FROM>TO", checking sequence order. */
  private static List<String> phaseChanges(Subscription subscription) {
    List<String> changes = new ArrayList<>();
    long lastSequence = 0;
    for (Event event; (event = subscription.poll()) != null; ) {
      if (!(event instanceof FileEvent.PhaseChanged changed)) fail("unexpected " + event);
      else {
        assertTrue(changed.sequence() > lastSequence, changed + " after sequence " + lastSequence);
        lastSequence = changed.sequence();
        changes.add(changed.from() + ">" + changed.to());
      }
    }
    return changes;
  }

  /** Stalls the thread in {@code stalled} on its first reading until {@code release}. */
  private static final class StallingClock extends Clock {
    private final AtomicReference<Thread> stalled;
    private final CountDownLatch entered;
    private final CountDownLatch release;

    StallingClock(AtomicReference<Thread> stalled, CountDownLatch entered, CountDownLatch release) {
      this.stalled = stalled;
      this.entered = entered;
      this.release = release;
    }

    @Override
    public Instant instant() {
      if (Thread.currentThread() == stalled.get() && entered.getCount() > 0) {
        entered.countDown();
        try {
          release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Instant.EPOCH;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
