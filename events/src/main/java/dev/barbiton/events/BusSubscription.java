package dev.barbiton.events;

/** What the bus needs from a subscription: its filters, its queue and how to end it. */
abstract sealed class BusSubscription implements Subscription
    permits PullSubscription, PushSubscription {
  final EventBus bus;
  final SubscribeOptions options;
  final String name;
  final SubscriberQueue queue;

  BusSubscription(EventBus bus, SubscribeOptions options, String name, SubscriberQueue queue) {
    this.bus = bus;
    this.options = options;
    this.name = name;
    this.queue = queue;
  }

  /** True if an event from {@code source} (redacted) could pass this subscription's filters. */
  final boolean wants(String source) {
    return !queue.isClosed() && options.admitsSource(source);
  }

  /** Called by publishers: queues {@code event} if it passes the type filter. */
  final void offer(Event event) {
    if (options.admitsType(event) && queue.offer(event)) onQueued();
  }

  /** Called on the publishing thread after an event was queued. */
  void onQueued() {}

  @Override
  public final void close() {
    if (queue.close()) bus.remove(this);
  }

  @Override
  public final boolean isClosed() {
    return queue.isClosed();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int queued() {
    return queue.queued();
  }

  @Override
  public final long dropped() {
    return queue.dropped();
  }
}
