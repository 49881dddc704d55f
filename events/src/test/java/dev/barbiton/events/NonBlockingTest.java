package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static dev.barbiton.events.TestEvents.awaitCondition;
import static dev.barbiton.events.TestEvents.drain;
import static dev.barbiton.events.TestEvents.index;
import static dev.barbiton.events.TestEvents.numbered;
import static dev.barbiton.events.TestEvents.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing never waits for a subscriber: not for a reader stopped inside the clock, nor for a
 * consumer stopped inside its callback, and losses meanwhile are counted exactly.
 */
class NonBlockingTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  @Timeout(60)
  void clockBlockedInAReader_publishersAndOtherReadersCarryOn() throws Exception {
    AtomicReference<Thread> stuck = new AtomicReference<>();
    CountDownLatch inClock = new CountDownLatch(1);
    CountDownLatch releaseClock = new CountDownLatch(1);
    EventBus bus = EventBus.create(new BlockingClock(stuck, inClock, releaseClock));
    Subscription shared = bus.subscribe(SubscribeOptions.builder().capacity(2).name("shared").build());
    Subscription other = bus.subscribe(SubscribeOptions.defaults());
    try {
      publish(bus, "s", 5); // shared loses 0, 1, 2: its next read builds an Overflow.
      Future<Event> stuckRead = threads.submit(() -> {
        stuck.set(Thread.currentThread());
        return shared.poll(); // Reads the clock for the Overflow's timestamp, which blocks.
      });
      assertTrue(inClock.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "reader never read the clock");

      // While that reader is stopped inside the clock, nobody else waits for it.
      Future<?> publisher = threads.submit(() -> {
        for (int i = 5; i < 15; i++) bus.publish("s", numbered(0, i));
      });
      publisher.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Future<Event> secondRead = threads.submit(() -> shared.poll(TIMEOUT));
      Event second = secondRead.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(second, "the second reader waited for the first");
      assertEquals(15, drain(other).size());

      releaseClock.countDown();
      Event overflow = stuckRead.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(3, assertInstanceOf(BusEvent.Overflow.class, overflow).dropped());
      // Every one of the 15 events was delivered once or reported lost once.
      List<Event> rest = new ArrayList<>(List.of(second));
      rest.addAll(drain(shared));
      long lost = 3;
      long delivered = 0;
      for (Event event : rest) {
        if (event instanceof BusEvent.Overflow o) {
          lost += o.dropped();
        } else {
          delivered++;
        }
      }
      assertEquals(15, lost + delivered);
      assertEquals(lost, shared.dropped());
    } finally {
      releaseClock.countDown();
      bus.close();
    }
  }

  @Test
  @Timeout(60)
  void readerStoppedInsideTheClock_publisherStillWakesAParkedReader() throws Exception {
    AtomicReference<Thread> stuck = new AtomicReference<>();
    CountDownLatch inClock = new CountDownLatch(1);
    CountDownLatch releaseClock = new CountDownLatch(1);
    EventBus bus = EventBus.create(new BlockingClock(stuck, inClock, releaseClock));
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(2).build());
    AtomicLong accounted = new AtomicLong();
    try {
      publish(bus, "s", 5); // 0, 1 and 2 are lost; the next read builds an Overflow.
      Future<Event> stuckRead = threads.submit(() -> {
        stuck.set(Thread.currentThread());
        return subscription.poll(); // Stops in the clock, after taking the loss and event 3.
      });
      assertTrue(inClock.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "reader never read the clock");
      Thread parked = new Thread(() -> {
        try {
          while (true) {
            Event event = subscription.take();
            accounted.addAndGet(event instanceof BusEvent.Overflow o ? o.dropped() : 1);
          }
        } catch (SubscriptionClosedException | InterruptedException end) {
          // Done.
        }
      }, "parked-reader");
      parked.start();
      awaitCondition("the second reader to take 3 and 4", () -> accounted.get() == 2);

      // Each publish must find the parked reader and wake it, with the first reader still stopped.
      for (int i = 5; i < 25; i++) {
        TestEvents.awaitWaiting(parked);
        long index = i;
        Future<?> publisher = threads.submit(() -> bus.publish("s", numbered(0, index)));
        publisher.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long expected = i - 2;
        awaitCondition("the parked reader to take event " + i, () -> accounted.get() == expected);
      }
      assertTrue(!stuckRead.isDone(), "the first reader is still in the clock");

      releaseClock.countDown();
      assertEquals(3, assertInstanceOf(BusEvent.Overflow.class,
          stuckRead.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).dropped());
      assertEquals(3, subscription.dropped());
      bus.close();
      parked.join(TIMEOUT.toMillis());
      assertEquals(22, accounted.get()); // 3 and 4, then 5 to 24: nothing lost after the first 3.
    } finally {
      releaseClock.countDown();
      bus.close();
    }
  }

  @Test
  @Timeout(60)
  void consumerStoppedInside_publishNeverBlocksAndLossIsExact() throws Exception {
    EventBus bus = EventBus.create();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
    Subscription stopped = bus.subscribe(SubscribeOptions.builder().capacity(16).name("stopped").build(),
        threads, event -> {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(event);
        });
    Subscription parked = bus.subscribe(SubscribeOptions.builder().capacity(16).build());
    Future<Long> parkedReader = threads.submit(() -> {
      long taken = 0;
      try {
        while (true) {
          Event event = parked.take();
          taken += event instanceof BusEvent.Overflow o ? o.dropped() : 1;
        }
      } catch (SubscriptionClosedException closed) {
        return taken;
      }
    });
    try {
      bus.publish("s", numbered(0, 0));
      assertTrue(inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));

      Future<?> publisher = threads.submit(() -> {
        for (int i = 1; i <= 10_000; i++) bus.publish("s", numbered(0, i));
      });
      publisher.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // The consumer is still stopped.
      assertEquals(10_000 - 16, stopped.dropped());
      assertEquals(16, stopped.queued());

      release.countDown();
      awaitCondition("the stopped consumer to catch up", () -> seen.size() == 1 + 1 + 16);
      List<Event> events = new ArrayList<>(seen);
      assertEquals(0, index(events.get(0)));
      assertEquals(10_000 - 16, assertInstanceOf(BusEvent.Overflow.class, events.get(1)).dropped());
      for (int i = 0; i < 16; i++) assertEquals(10_000 - 15 + i, index(events.get(2 + i)));
    } finally {
      release.countDown();
      bus.close();
    }
    assertEquals(10_001, parkedReader.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  /** A clock that blocks the thread in {@code stuck} until released; others read it freely. */
  private static final class BlockingClock extends Clock {
    private final AtomicReference<Thread> stuck;
    private final CountDownLatch entered;
    private final CountDownLatch release;

    BlockingClock(AtomicReference<Thread> stuck, CountDownLatch entered, CountDownLatch release) {
      this.stuck = stuck;
      this.entered = entered;
      this.release = release;
    }

    @Override
    public Instant instant() {
      if (Thread.currentThread() == stuck.get()) {
        entered.countDown();
        try {
          release.await(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
