package dev.barbiton.events;

import static dev.barbiton.events.TestEvents.TIMEOUT;
import static dev.barbiton.events.TestEvents.awaitWaiting;
import static dev.barbiton.events.TestEvents.drain;
import static dev.barbiton.events.TestEvents.index;
import static dev.barbiton.events.TestEvents.numbered;
import static dev.barbiton.events.TestEvents.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventBusTest {
  private final EventBus bus = EventBus.create();

  @Test
  void onePublisher_everySubscriberSeesPublishOrder() {
    List<Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      subscriptions.add(bus.subscribe(SubscribeOptions.builder().capacity(2_000).build()));
    }
    publish(bus, "source", 1_000);

    for (Subscription subscription : subscriptions) {
      List<Event> events = drain(subscription);
      assertEquals(1_000, events.size(), subscription.name());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i, index(events.get(i)));
        if (i > 0) assertTrue(events.get(i).sequence() > events.get(i - 1).sequence());
      }
    }
  }

  @Test
  void publish_assignsSequenceTimestampAndSource() {
    Instant now = Instant.parse("2025-01-02T03:04:05Z");
    EventBus fixed = EventBus.create(Clock.fixed(now, ZoneOffset.UTC));
    Subscription subscription = fixed.subscribe(SubscribeOptions.defaults());
    fixed.publish("a", meta -> new AssetEvent.Committed(meta, 10));
    fixed.publish("b", meta -> new AssetEvent.Committed(meta, 20));

    Event first = subscription.poll();
    Event second = subscription.poll();
    assertEquals(new EventMeta(1, now, "a"), first.meta());
    assertEquals(2, second.sequence());
    assertEquals("b", second.source());
    assertEquals(now, second.timestamp());
  }

  @Test
  void noSubscribers_factoryNeverCalled() {
    AtomicInteger calls = new AtomicInteger();
    bus.publish("source", meta -> {
      calls.incrementAndGet();
      return new FileEvent.LengthResolved(meta, 1);
    });
    assertEquals(0, calls.get());
    assertFalse(bus.hasSubscribers());
  }

  @Test
  void sourceFilteredOut_factoryNeverCalled() {
    bus.subscribe(SubscribeOptions.builder().source("other").build());
    AtomicInteger calls = new AtomicInteger();
    bus.publish("source", meta -> {
      calls.incrementAndGet();
      return new FileEvent.LengthResolved(meta, 1);
    });
    assertEquals(0, calls.get());
  }

  @Test
  void typeFilter_deliversOnlyInstancesOfTheTypes() {
    Subscription downloads = bus.subscribe(SubscribeOptions.builder()
        .types(DownloadEvent.class, AssetEvent.Committed.class).build());
    bus.publish("s", DownloadEvent.Cancelled::new);
    bus.publish("s", meta -> new AssetEvent.Failed(meta, "disk full"));
    bus.publish("s", meta -> new AssetEvent.Committed(meta, 5));
    bus.publish("s", meta -> new FileEvent.EndOfStream(meta, 5));

    List<Event> events = drain(downloads);
    assertEquals(2, events.size());
    assertInstanceOf(DownloadEvent.Cancelled.class, events.get(0));
    assertInstanceOf(AssetEvent.Committed.class, events.get(1));
  }

  @Test
  void sourceFilter_deliversOnlyThatSource() {
    Subscription a = bus.subscribe(SubscribeOptions.builder().source("asset-a").build());
    Subscription all = bus.subscribe(SubscribeOptions.defaults());
    bus.publish("asset-a", numbered(0, 0));
    bus.publish("asset-b", numbered(0, 1));
    bus.publish("asset-a", numbered(0, 2));

    assertEquals(List.of(0L, 2L), drain(a).stream().map(TestEvents::index).toList());
    assertEquals(3, drain(all).size());
  }

  @Test
  void sourceFilterWithUrl_matchesRedactedSource() {
    String url = "https://host.example/a.mp4?token=SECRET";
    Subscription subscription = bus.subscribe(SubscribeOptions.builder().source(url).build());
    bus.publish(url, numbered(0, 0));
    Event event = subscription.poll();
    assertEquals("https://host.example/a.mp4?token=***", event.source());
  }

  @Test
  void overflowReport_bypassesFilters() {
    Subscription subscription = bus.subscribe(SubscribeOptions.builder()
        .capacity(1).name("narrow").types(FileEvent.class).source("s").build());
    publish(bus, "s", 3);
    BusEvent.Overflow overflow = assertInstanceOf(BusEvent.Overflow.class, subscription.poll());
    assertEquals(new BusEvent.Overflow(overflow.meta(), "narrow", 2), overflow);
    assertEquals("narrow", overflow.source());
    assertEquals(2, index(subscription.poll()));
  }

  @Test
  void factoryReturningForeignMeta_throws() {
    bus.subscribe(SubscribeOptions.defaults());
    EventMeta other = new EventMeta(99, Instant.EPOCH, "x");
    assertThrows(IllegalArgumentException.class,
        () -> bus.publish("s", meta -> new FileEvent.EndOfStream(other, 0)));
  }

  @Test
  void subscriptionsWithoutName_areNumbered() {
    assertEquals("subscriber-1", bus.subscribe(SubscribeOptions.defaults()).name());
    assertEquals("mine", bus.subscribe(SubscribeOptions.builder().name("mine").build()).name());
    assertEquals("subscriber-3", bus.subscribe(SubscribeOptions.defaults()).name());
  }

  @Test
  void closedSubscription_drainsThenReportsClosed() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    publish(bus, "s", 2);
    subscription.close();
    publish(bus, "s", 1);

    assertTrue(subscription.isClosed());
    assertFalse(bus.hasSubscribers());
    assertEquals(0, index(subscription.take()));
    assertEquals(1, index(subscription.poll(Duration.ofSeconds(1))));
    assertNull(subscription.poll(Duration.ofDays(1)));
    assertThrows(SubscriptionClosedException.class, subscription::take);
  }

  @Test
  void pollWithTimeout_returnsNullWhenNothingArrives() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    assertNull(subscription.poll(Duration.ofMillis(20)));
    assertNull(subscription.poll(Duration.ZERO));
    assertNull(subscription.poll(Duration.ofSeconds(-1)));
  }

  @Test
  @Timeout(30)
  void busClose_wakesBlockedTake() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread taker = new Thread(() -> {
      try {
        subscription.take();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "taker");
    taker.start();
    awaitWaiting(taker);

    bus.close();
    Throwable thrown = outcome.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertInstanceOf(SubscriptionClosedException.class, thrown);
    assertTrue(subscription.isClosed());
  }

  @Test
  @Timeout(30)
  void blockedTake_receivesEventPublishedLater() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    CompletableFuture<Event> taken = CompletableFuture.supplyAsync(() -> {
      try {
        return subscription.take();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    publish(bus, "s", 1);
    assertEquals(0, index(taken.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
  }

  @Test
  @Timeout(30)
  void interruptedTake_throwsInterruptedException() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread taker = new Thread(() -> {
      try {
        subscription.take();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "taker");
    taker.start();
    awaitWaiting(taker);
    taker.interrupt();
    assertInstanceOf(InterruptedException.class,
        outcome.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  @Timeout(30)
  void iteration_endsWhenClosed() throws Exception {
    Subscription subscription = bus.subscribe(SubscribeOptions.defaults());
    CompletableFuture<List<Long>> seen = CompletableFuture.supplyAsync(() -> {
      List<Long> indexes = new ArrayList<>();
      for (Event event : subscription) indexes.add(index(event));
      return indexes;
    });
    publish(bus, "s", 3);
    bus.close();
    assertEquals(List.of(0L, 1L, 2L), seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void afterClose_publishIsNoOpAndSubscribeThrows() {
    bus.close();
    bus.close(); // Idempotent.
    AtomicInteger calls = new AtomicInteger();
    bus.publish("s", meta -> {
      calls.incrementAndGet();
      return new FileEvent.EndOfStream(meta, 0);
    });
    assertEquals(0, calls.get());
    assertFalse(bus.hasSubscribers());
    assertThrows(IllegalStateException.class, () -> bus.subscribe(SubscribeOptions.defaults()));
  }

  @Test
  void closingEverySubscription_leavesNoSubscribers() {
    Subscription first = bus.subscribe(SubscribeOptions.defaults());
    Subscription second = bus.subscribe(SubscribeOptions.defaults());
    assertTrue(bus.hasSubscribers());
    first.close();
    assertTrue(bus.hasSubscribers());
    second.close();
    second.close();
    assertFalse(bus.hasSubscribers());
    assertNull(first.poll());
  }
}
