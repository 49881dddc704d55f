package dev.barbiton.events;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Helpers shared by the tests. */
final class TestEvents {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TestEvents() {}

  /** A factory for a small event numbered {@code index}, published by {@code publisher}. */
  static Function<EventMeta, FileEvent.ReadProgress> numbered(long publisher, long index) {
    return meta -> new FileEvent.ReadProgress(meta, publisher, index);
  }

  /** Publishes {@code count} numbered events from {@code source}, numbered from 0. */
  static void publish(EventBus bus, String source, int count) {
    for (int i = 0; i < count; i++) bus.publish(source, numbered(0, i));
  }

  /** Takes events without waiting until none is queued. */
  static List<Event> drain(Subscription subscription) {
    List<Event> events = new ArrayList<>();
    for (Event event; (event = subscription.poll()) != null; ) events.add(event);
    return events;
  }

  /** Spins (no sleeping) until {@code condition} holds, failing after {@link #TIMEOUT}. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) fail("timed out waiting for " + what);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Waits until {@code thread} is parked in a wait (blocked in take(), for example). */
  static void awaitWaiting(Thread thread) {
    awaitCondition(thread.getName() + " to block", () -> {
      Thread.State state = thread.getState();
      assertTrue(state != Thread.State.TERMINATED, thread.getName() + " ended early");
      return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    });
  }

  static long index(Event event) {
    return ((FileEvent.ReadProgress) event).bytesRead();
  }
}
