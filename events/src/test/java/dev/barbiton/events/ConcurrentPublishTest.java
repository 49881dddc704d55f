package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcurrentPublishTest {
  private static final int PUBLISHERS = 4;
  private static final int PER_PUBLISHER = 100_000;
  private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

  @Test
  @Timeout(120)
  void fourPublishersTwoReaders_noLossNoDuplicatesPerPublisherOrder() throws Exception {
    EventBus bus = EventBus.create();
    SubscribeOptions options = SubscribeOptions.builder().capacity(TOTAL).build();
    Subscription first = bus.subscribe(options);
    Subscription second = bus.subscribe(options);
    ExecutorService threads = Executors.newFixedThreadPool(PUBLISHERS + 2);
    try {
      Future<?> firstReader = threads.submit(() -> verify(first));
      Future<?> secondReader = threads.submit(() -> verify(second));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> publishers = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        long publisher = p;
        publishers.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < PER_PUBLISHER; i++) {
            bus.publish("publisher-" + publisher, TestEvents.numbered(publisher, i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> publisher : publishers) publisher.get(TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);
      firstReader.get(TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);
      secondReader.get(TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);
      assertEquals(0, first.dropped());
      assertEquals(0, second.dropped());
    } finally {
      bus.close();
      threads.shutdownNow();
    }
  }

  @Test
  @Timeout(120)
  void overflowWhileReading_everyEventDeliveredOrReportedInOrder() throws Exception {
    int total = 200_000;
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(16).build());
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      Future<?> publisher = threads.submit(() -> TestEvents.publish(bus, "s", total));
      long accounted = 0;
      long reported = 0;
      long lastSequence = 0;
      long lastIndex = -1;
      long deadline = System.nanoTime() + TIMEOUT.toNanos() * 6;
      while (accounted < total) {
        Event event = subscription.poll(Duration.ofNanos(deadline - System.nanoTime()));
        if (event == null) fail("timed out after " + accounted + " events");
        assertTrue(event.sequence() > lastSequence, event + " after " + lastSequence);
        lastSequence = event.sequence();
        if (event instanceof BusEvent.Overflow overflow) {
          accounted += overflow.dropped();
          reported += overflow.dropped();
        } else {
          long index = TestEvents.index(event);
          assertTrue(index > lastIndex, index + " after " + lastIndex);
          lastIndex = index;
          accounted++;
          // The indexes skipped were reported by the overflows just before, no more, no less.
          assertEquals(lastIndex + 1, accounted, "delivered + reported lost at " + event);
        }
      }
      publisher.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(total, accounted);
      assertEquals(reported, subscription.dropped());
    } finally {
      bus.close();
      threads.shutdownNow();
    }
  }

  /** Reads all TOTAL events, checking each publisher's events arrive complete and in order. */
  private static Void verify(Subscription subscription) throws InterruptedException {
    long[] nextIndex = new long[PUBLISHERS];
    BitSet sequences = new BitSet(TOTAL + 1);
    long deadline = System.nanoTime() + TIMEOUT.toNanos() * 6;
    for (int received = 0; received < TOTAL; received++) {
      Event event = subscription.poll(Duration.ofNanos(deadline - System.nanoTime()));
      if (event == null) fail("timed out after " + received + " events");
      if (!(event instanceof FileEvent.ReadProgress progress)) {
        throw new AssertionError("unexpected " + event);
      }
      int publisher = (int) progress.position();
      assertEquals("publisher-" + publisher, progress.source());
      assertEquals(nextIndex[publisher]++, progress.bytesRead(), "order of " + publisher);
      assertFalse(sequences.get((int) progress.sequence()), "duplicate " + progress);
      sequences.set((int) progress.sequence());
    }
    assertTrue(sequences.cardinality() == TOTAL && sequences.nextSetBit(0) == 1);
    for (long next : nextIndex) assertEquals(PER_PUBLISHER, next);
    assertEquals(null, subscription.poll());
    return null;
  }
}
