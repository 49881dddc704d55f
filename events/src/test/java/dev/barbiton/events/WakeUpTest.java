package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static dev.barbiton.events.TestEvents.awaitCondition;
import static dev.barbiton.events.TestEvents.index;
import static dev.barbiton.events.TestEvents.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting readers: a publish wakes a parked reader wherever it is in its wait, close wakes every
 * one, an interrupted or timed-out reader leaves and takes its registration with it.
 */
class WakeUpTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  @Timeout(60)
  void readerParkedInTake_wakesForOneEvent() throws Exception {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    BlockingQueue<Event> taken = new LinkedBlockingQueue<>();
    Thread taker = new Thread(() -> {
      try {
        while (true) taken.add(subscription.take());
      } catch (SubscriptionClosedException | InterruptedException end) {
        // Done.
      }
    }, "parked-taker");
    taker.start();
    try {
      for (int i = 0; i < 200; i++) {
        // Parked without a timeout: only the publisher's wake-up can deliver the event now.
        awaitCondition("the taker to park", () -> taker.getState() == Thread.State.WAITING);
        bus.publish("s", numbered(0, i));
        Event event = taken.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(event, "the parked taker missed event " + i);
        assertEquals(i, index(event));
      }
    } finally {
      bus.close();
      taker.join(TIMEOUT.toMillis());
    }
  }

  @Test
  @Timeout(120)
  void publishRacingTheReadersWait_neverLosesAWakeUp() throws Exception {
    int rounds = 2_000;
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    AtomicLong received = new AtomicLong(-1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        for (int i = 0; i < rounds; i++) {
          assertEquals(i, index(subscription.take()));
          received.set(i);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "racing-reader");
    reader.start();
    try {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < rounds; i++) {
        // Land the publish anywhere in the reader's wait: spinning, lingering, or parked idle.
        switch (random.nextInt(4)) {
          case 0 -> { } // At once.
          case 1 -> busyWait(random.nextInt(20_000));
          case 2 -> busyWait(random.nextInt(400_000));
          default -> awaitCondition("the reader to park", () -> reader.getState() == Thread.State.WAITING);
        }
        bus.publish("s", numbered(0, i));
        long expected = i;
        awaitCondition("the reader to take event " + i, () -> received.get() == expected || failure.get() != null);
        assertEquals(null, failure.get());
      }
    } finally {
      bus.close();
      reader.join(TIMEOUT.toMillis());
    }
  }

  @Test
  @Timeout(60)
  void close_wakesEveryParkedReader() throws Exception {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    List<Thread> readers = new ArrayList<>();
    List<Future<Throwable>> outcomes = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      BlockingQueue<Thread> self = new LinkedBlockingQueue<>();
      boolean timed = r == 2;
      outcomes.add(threads.submit(() -> {
        self.add(Thread.currentThread());
        try {
          Event event = timed ? subscription.poll(Duration.ofDays(1)) : subscription.take();
          return event == null ? null : new AssertionError("got " + event);
        } catch (Throwable t) {
          return t;
        }
      }));
      readers.add(self.take());
    }
    for (Thread reader : readers) TestEvents.awaitWaiting(reader);
    bus.close();
    assertInstanceOf(SubscriptionClosedException.class, outcomes.get(0).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(SubscriptionClosedException.class, outcomes.get(1).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(null, outcomes.get(2).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)); // poll: null once closed.
    assertEquals(0, queueOf(subscription).parkedReaders());
  }

  @Test
  @Timeout(60)
  void interruptedReader_leavesAndTheOtherStillWakes() throws Exception {
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    BlockingQueue<Object> first = new LinkedBlockingQueue<>();
    BlockingQueue<Object> second = new LinkedBlockingQueue<>();
    Thread interrupted = reader(subscription, first, "interrupted-reader");
    Thread other = reader(subscription, second, "other-reader");
    try {
      TestEvents.awaitWaiting(interrupted);
      TestEvents.awaitWaiting(other);
      interrupted.interrupt();
      assertInstanceOf(InterruptedException.class, first.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      bus.publish("s", numbered(0, 7));
      assertEquals(7, index((Event) second.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
      TestEvents.awaitWaiting(other);
      assertEquals(1, queueOf(subscription).parkedReaders());
    } finally {
      bus.close();
      other.join(TIMEOUT.toMillis());
    }
    assertInstanceOf(SubscriptionClosedException.class, second.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, queueOf(subscription).parkedReaders());
  }

  @Test
  @Timeout(120)
  void readersWaitingWithTimeouts_leaveNoRegistrationBehind() throws Exception {
    int total = 20_000;
    EventBus bus = EventBus.create();
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(total).build());
    AtomicLong taken = new AtomicLong();
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(threads.submit(() -> {
        while (taken.get() < total) {
          if (subscription.poll(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 200_000))) != null) {
            taken.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (int i = 0; i < total; i++) {
      if (i % 64 == 0) busyWait(ThreadLocalRandom.current().nextInt(300_000)); // Let readers park.
      bus.publish("s", numbered(0, i));
    }
    for (Future<?> reader : readers) reader.get(TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);
    assertEquals(total, taken.get());
    assertEquals(0, subscription.dropped());
    assertEquals(0, queueOf(subscription).parkedReaders());
    bus.close();
  }

  private static SubscriberQueue queueOf(Subscription subscription) {
    return ((BusSubscription) subscription).queue;
  }

  /** Starts a thread that takes from {@code subscription} into {@code out} until it ends. */
  private static Thread reader(Subscription subscription, BlockingQueue<Object> out, String name) {
    Thread thread = new Thread(() -> {
      try {
        while (true) out.add(subscription.take());
      } catch (SubscriptionClosedException | InterruptedException end) {
        out.add(end);
      }
    }, name);
    thread.start();
    return thread;
  }

  private static void busyWait(int nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}
