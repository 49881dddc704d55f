package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static dev.barbiton.events.TestEvents.index;
import static dev.barbiton.events.TestEvents.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PushSubscriptionTest {
  private final EventBus bus = EventBus.create();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    bus.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  @Timeout(30)
  void consumer_receivesEventsInOrderOneAtATime() throws Exception {
    int count = 5_000;
    List<Long> seen = new ArrayList<>(); // Unsynchronized: delivery is serial and ordered.
    AtomicInteger inConsumer = new AtomicInteger();
    AtomicBoolean overlapped = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(count);
    bus.subscribe(SubscribeOptions.builder().capacity(count).build(), executor, event -> {
      if (inConsumer.incrementAndGet() != 1) overlapped.set(true);
      seen.add(index(event));
      inConsumer.decrementAndGet();
      done.countDown();
    });
    publish(bus, "s", count);

    assertTrue(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(false, overlapped.get());
    for (int i = 0; i < count; i++) assertEquals(i, seen.get(i));
  }

  @Test
  @Timeout(30)
  void throwingConsumer_keepsReceiving() throws Exception {
    int count = 20;
    CountDownLatch delivered = new CountDownLatch(count);
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().name("thrower").build(),
        executor, event -> {
          delivered.countDown();
          throw new IllegalStateException("consumer failure on purpose " + event.sequence());
        });
    publish(bus, "s", count);

    assertTrue(delivered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(false, subscription.isClosed());
    assertTrue(bus.hasSubscribers());
  }

  @Test
  @Timeout(30)
  void slowConsumer_doesNotDelayOthers() throws Exception {
    int count = 1_000;
    CountDownLatch slowEntered = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    CountDownLatch slowDone = new CountDownLatch(count);
    CountDownLatch fastDone = new CountDownLatch(count);
    SubscribeOptions options = SubscribeOptions.builder().capacity(count).build();
    bus.subscribe(options.newBuilder().name("slow").build(), executor, event -> {
      slowEntered.countDown();
      try {
        releaseSlow.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      slowDone.countDown();
    });
    bus.subscribe(options.newBuilder().name("fast").build(), executor,
        event -> fastDone.countDown());

    publish(bus, "s", count);
    assertTrue(slowEntered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(fastDone.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(count, slowDone.getCount(), "slow consumer is still blocked on its first event");

    releaseSlow.countDown();
    assertTrue(slowDone.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  @Timeout(30)
  void slowConsumer_getsOverflowBeforeTheNextEvent() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch firstEntered = new CountDownLatch(1);
    List<Event> seen = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1 + 1 + 2); // First, overflow, two newest.
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(2).build(),
        executor, event -> {
          if (seen.isEmpty()) {
            firstEntered.countDown();
            try {
              releaseFirst.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          seen.add(event);
          done.countDown();
        });
    publish(bus, "s", 1);
    assertTrue(firstEntered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    for (int i = 1; i <= 10; i++) bus.publish("s", TestEvents.numbered(0, i)); // Keeps 9, 10.
    releaseFirst.countDown();

    assertTrue(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, index(seen.get(0)));
    assertEquals(8, ((BusEvent.Overflow) seen.get(1)).dropped());
    assertEquals(9, index(seen.get(2)));
    assertEquals(10, index(seen.get(3)));
    assertEquals(8, subscription.dropped());
  }

  @Test
  @Timeout(30)
  void rejectedDelivery_resumesOnNextPublish() throws Exception {
    AtomicBoolean reject = new AtomicBoolean(true);
    CountDownLatch delivered = new CountDownLatch(2);
    bus.subscribe(SubscribeOptions.defaults(), task -> {
      if (reject.getAndSet(false)) throw new RejectedExecutionException("full, on purpose");
      executor.execute(task);
    }, event -> delivered.countDown());

    publish(bus, "s", 1); // Rejected: the event stays queued.
    publish(bus, "s", 1); // Schedules a drain that delivers both.
    assertTrue(delivered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void pullMethods_throwOnPushSubscription() {
    Subscription push = bus.subscribe(SubscribeOptions.defaults(), executor, event -> { });
    assertThrows(IllegalStateException.class, push::poll);
    assertThrows(IllegalStateException.class, () -> push.poll(Duration.ofSeconds(1)));
    assertThrows(IllegalStateException.class, push::take);
    assertThrows(IllegalStateException.class, push::iterator);
  }

  @Test
  @Timeout(30)
  void closedPushSubscription_stopsDelivering() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults(), executor, event -> {
      calls.incrementAndGet();
      first.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    publish(bus, "s", 3);
    assertTrue(first.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    subscription.close();
    release.countDown();
    publish(bus, "s", 1);
    // The drain task ends once it sees the close; wait for the executor to go idle.
    executor.shutdown();
    assertTrue(executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(1, calls.get());
  }
}
