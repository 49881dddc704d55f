package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loss accounting under racing publishers (and readers): every event is delivered once or
 * reported lost once, each publisher's events arrive in order, and the reports sum to {@link
 * Subscription#dropped()}. Capacities cover the smallest ring, a power of two and not.
 */
class RacingOverflowTest {
  private static final int PER_PUBLISHER = 50_000;

  @ParameterizedTest(name = "{0} publishers, {1} readers, capacity {2}")
  @CsvSource({"1, 1, 1", "4, 1, 1", "4, 1, 8", "4, 1, 7", "2, 2, 16", "4, 2, 100", "4, 3, 5"})
  void racingPublishersAndReaders_everyEventDeliveredOnceOrReportedLost(
      int publishers, int readers, int capacity) throws Exception {
    int total = publishers * PER_PUBLISHER;
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(capacity).build());
    ExecutorService threads = Executors.newFixedThreadPool(publishers + readers);
    AtomicLong accounted = new AtomicLong();
    AtomicLong reported = new AtomicLong();
    ConcurrentHashMap<Long, Boolean> delivered = new ConcurrentHashMap<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        boolean only = readers == 1;
        tasks.add(threads.submit(() -> read(subscription, publishers, total, accounted, reported, delivered, only)));
      }
      for (int p = 0; p < publishers; p++) {
        long publisher = p;
        tasks.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < PER_PUBLISHER; i++) {
            bus.publish("p" + publisher, TestEvents.numbered(publisher, i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> task : tasks) task.get(TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);

      assertEquals(total, accounted.get());
      assertEquals(reported.get(), subscription.dropped());
      assertEquals(total - reported.get(), delivered.size());
      assertEquals(0, subscription.queued());
    } finally {
      bus.close();
      threads.shutdownNow();
    }
  }

  /**
   * Reads until all {@code total} events are accounted for, checking order and uniqueness. The
   * {@code only} reader also checks that every loss was reported before the next event: each
   * publisher's events skipped so far were lost at earlier positions, so their sum can never
   * exceed what the overflows so far reported.
   */
  private static Void read(Subscription subscription, int publishers, int total, AtomicLong accounted,
      AtomicLong reported, ConcurrentHashMap<Long, Boolean> delivered, boolean only)
      throws InterruptedException {
    long[] lastIndex = new long[publishers];
    long[] deliveredFrom = new long[publishers];
    long reportedHere = 0;
    java.util.Arrays.fill(lastIndex, -1);
    long deadline = System.nanoTime() + TIMEOUT.toNanos() * 6;
    while (accounted.get() < total) {
      Event event = subscription.poll(Duration.ofMillis(10));
      if (System.nanoTime() - deadline > 0) fail("timed out with " + accounted + " of " + total);
      if (event == null) continue;
      if (event instanceof BusEvent.Overflow overflow) {
        assertTrue(overflow.dropped() >= 1);
        reported.addAndGet(overflow.dropped());
        accounted.addAndGet(overflow.dropped());
        reportedHere += overflow.dropped();
        continue;
      }
      FileEvent.ReadProgress progress = (FileEvent.ReadProgress) event;
      int publisher = (int) progress.position();
      assertTrue(progress.bytesRead() > lastIndex[publisher],
          "publisher " + publisher + ": " + progress.bytesRead() + " after " + lastIndex[publisher]);
      lastIndex[publisher] = progress.bytesRead();
      deliveredFrom[publisher]++;
      if (only) {
        long skipped = 0;
        for (int p = 0; p < publishers; p++) skipped += lastIndex[p] + 1 - deliveredFrom[p];
        assertTrue(skipped <= reportedHere, skipped + " skipped but " + reportedHere + " reported before " + event);
      }
      long key = progress.position() * PER_PUBLISHER + progress.bytesRead();
      assertEquals(null, delivered.putIfAbsent(key, Boolean.TRUE), "delivered twice: " + event);
      accounted.incrementAndGet();
    }
    return null;
  }
}
