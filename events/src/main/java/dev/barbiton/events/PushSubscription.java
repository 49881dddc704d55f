package dev.barbiton.events;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription that delivers to a consumer on an executor.
 *
 * <p>Drain machine: {@code scheduled} is false (idle) or true (a drain task is submitted or
 * running). A publisher that queues an event CASes it false to true and submits a drain task;
 * so at most one task exists and the consumer is called by one thread at a time, in queue
 * order. A drain delivers up to {@link #BATCH} events, sets {@code scheduled} to false, then
 * rechecks the queue and reschedules if events arrived meanwhile (their publisher may have seen
 * {@code scheduled} still true). The volatile write of {@code scheduled = false} after one
 * consumer call and the CAS that precedes the next task make consecutive calls happen-before
 * each other, even on different executor threads.
 */
final class PushSubscription extends BusSubscription {
  private static final Logger log = LoggerFactory.getLogger(PushSubscription.class);

  /** Events delivered per task, so one busy subscriber does not monopolize a shared executor. */
  static final int BATCH = 256;

  private final Executor executor;
  private final Consumer<? super Event> consumer;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  PushSubscription(EventBus bus, SubscribeOptions options, String name, SubscriberQueue queue,
      Executor executor, Consumer<? super Event> consumer) {
    super(bus, options, name, queue);
    this.executor = executor;
    this.consumer = consumer;
  }

  @Override
  void onQueued() {
    schedule();
  }

  private void schedule() {
    if (!scheduled.compareAndSet(false, true)) return;
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      scheduled.set(false);
      log.warn("{}: executor rejected delivery; {} queued events wait for the next publish",
          name, queue.queued(), e);
    }
  }

  private void drain() {
    try {
      for (int i = 0; i < BATCH && !queue.isClosed(); i++) {
        Event event = queue.poll();
        if (event == null) break;
        deliver(event);
      }
    } finally {
      scheduled.set(false);
    }
    if (!queue.isClosed() && !queue.isEmpty()) schedule();
  }

  private void deliver(Event event) {
    try {
      consumer.accept(event);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      log.warn("{}: consumer threw on {}; the subscription continues", name, event, t);
    }
  }

  @Override
  public Event poll() {
    throw pullOnPush("poll()");
  }

  @Override
  public Event poll(Duration timeout) {
    throw pullOnPush("poll(Duration)");
  }

  @Override
  public Event take() {
    throw pullOnPush("take()");
  }

  @Override
  public Iterator<Event> iterator() {
    throw pullOnPush("iterator()");
  }

  private IllegalStateException pullOnPush(String method) {
    return new IllegalStateException(method + " on push subscription " + name);
  }

  @Override
  public String toString() {
    return "PushSubscription{" + queue + "}";
  }
}
