package dev.barbiton.events;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/** A subscription read by its owner: poll, take or iterate. */
final class PullSubscription extends BusSubscription {
  PullSubscription(EventBus bus, SubscribeOptions options, String name, SubscriberQueue queue) {
    super(bus, options, name, queue);
  }

  @Override
  public Event poll() {
    return queue.poll();
  }

  @Override
  public Event poll(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = timeout.isNegative() ? 0 : Long.MAX_VALUE;
    }
    // Long.MAX_VALUE means "until closed" to the queue; 2^63-2 ns (292 years) is long enough.
    return queue.poll(Math.min(nanos, Long.MAX_VALUE - 1));
  }

  @Override
  public Event take() throws InterruptedException {
    return queue.take();
  }

  @Override
  public Iterator<Event> iterator() {
    return new Iterator<>() {
      private Event next;

      @Override
      public boolean hasNext() {
        if (next != null) return true;
        try {
          next = queue.take();
          return true;
        } catch (SubscriptionClosedException closed) {
          return false;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public Event next() {
        if (!hasNext()) throw new NoSuchElementException("subscription closed: " + name);
        Event result = next;
        next = null;
        return result;
      }
    };
  }

  @Override
  public String toString() {
    return "PullSubscription{" + queue + "}";
  }
}
