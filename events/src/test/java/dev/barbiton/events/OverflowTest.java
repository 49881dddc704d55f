package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.drain;
import static dev.barbiton.events.TestEvents.index;
import static dev.barbiton.events.TestEvents.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OverflowTest {
  private static final int EVENTS = 10_000;

  @Test
  void stalledSubscriber_holdsCapacityThenReportsExactLossAndNewestEvents() {
    EventBus bus = EventBus.create();
    Subscription stalled = bus.subscribe(
        SubscribeOptions.builder().capacity(100).name("stalled").build());
    publish(bus, "s", EVENTS);

    assertTrue(stalled.queued() <= 100, "queued: " + stalled.queued());
    assertEquals(9_900, stalled.dropped());
    List<Event> events = drain(stalled);
    assertEquals(101, events.size());

    BusEvent.Overflow overflow = assertInstanceOf(BusEvent.Overflow.class, events.get(0));
    assertEquals(9_900, overflow.dropped());
    assertEquals("stalled", overflow.subscriber());
    assertEquals("stalled", overflow.source());
    assertEquals(9_900, overflow.sequence()); // The last dropped event's sequence number.
    for (int i = 1; i < events.size(); i++) {
      assertEquals(9_900 + i - 1, index(events.get(i)));
      assertTrue(events.get(i).sequence() > events.get(i - 1).sequence());
    }
    assertEquals(0, stalled.queued());
    assertEquals(9_900, stalled.dropped());
  }

  @Test
  void overflowAfterPartialRead_isReportedBeforeTheNextEventOnly() {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(3).build());
    publish(bus, "s", 5); // 0 and 1 are dropped.
    assertEquals(2, assertInstanceOf(BusEvent.Overflow.class, subscription.poll()).dropped());
    assertEquals(2, index(subscription.poll()));
    bus.publish("s", TestEvents.numbered(0, 5));
    bus.publish("s", TestEvents.numbered(0, 6)); // Drops 3.
    assertEquals(1, assertInstanceOf(BusEvent.Overflow.class, subscription.poll()).dropped());
    assertEquals(List.of(4L, 5L, 6L), drain(subscription).stream().map(TestEvents::index).toList());
    assertEquals(3, subscription.dropped());
  }

  @Test
  void clockThrowingForTheReport_theNextReadReportsTheLoss() {
    AtomicBoolean failNext = new AtomicBoolean();
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        if (failNext.getAndSet(false)) throw new IllegalStateException("clock failed");
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
    };
    EventBus bus = EventBus.create(clock);
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(3).build());
    publish(bus, "s", 5); // 0 and 1 are dropped.
    failNext.set(true);
    assertThrows(IllegalStateException.class, subscription::poll);
    BusEvent.Overflow overflow = assertInstanceOf(BusEvent.Overflow.class, subscription.poll());
    assertEquals(2, overflow.dropped());
    assertEquals(2, overflow.sequence()); // Event 1, the second published, was the last lost.
    assertEquals(List.of(2L, 3L, 4L), drain(subscription).stream().map(TestEvents::index).toList());
    assertEquals(2, subscription.dropped());
  }

  @Test
  @Timeout(120)
  void stalledSubscriber_doesNotSlowPublishing() throws Exception {
    // Warm up both paths so the JIT does not decide the comparison.
    for (int i = 0; i < 3; i++) {
      publishWithDrainingSubscriber();
      publishWithStalledSubscriber();
    }
    long[] draining = new long[5];
    long[] stalled = new long[5];
    for (int i = 0; i < draining.length; i++) {
      draining[i] = publishWithDrainingSubscriber();
      stalled[i] = publishWithStalledSubscriber();
    }
    long drainingMedian = median(draining);
    long stalledMedian = median(stalled);
    long bound = 20 * drainingMedian + 200_000_000L;
    assertTrue(stalledMedian < bound, "stalled median " + stalledMedian
        + " ns >= bound " + bound + " ns; draining median " + drainingMedian + " ns");
  }

  /** Returns the nanoseconds taken to publish while one subscriber reads concurrently. */
  private static long publishWithDrainingSubscriber() throws InterruptedException {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(
        SubscribeOptions.builder().capacity(EVENTS).build());
    Thread reader = new Thread(() -> {
      try {
        for (Event ignored : subscription) {
          // Read as fast as possible.
        }
      } finally {
        subscription.close();
      }
    }, "draining-reader");
    reader.start();
    long start = System.nanoTime();
    publish(bus, "s", EVENTS);
    long elapsed = System.nanoTime() - start;
    bus.close();
    reader.join(TestEvents.TIMEOUT.toMillis());
    return elapsed;
  }

  /** Returns the nanoseconds taken to publish while one subscriber (capacity 100) never reads. */
  private static long publishWithStalledSubscriber() {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(100).build());
    long start = System.nanoTime();
    publish(bus, "s", EVENTS);
    long elapsed = System.nanoTime() - start;
    assertEquals(EVENTS - 100, subscription.dropped());
    bus.close();
    return elapsed;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
