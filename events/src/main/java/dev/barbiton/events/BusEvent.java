package dev.barbiton.events;

import java.util.Objects;

/** Events the bus itself generates for one subscriber. They bypass subscription filters. */
public sealed interface BusEvent extends Event {

  /**
   * The subscriber named {@code subscriber} lost {@code dropped} events because its queue was
   * full; they were the oldest it had not yet received. Delivered immediately before the next
   * event the subscriber does receive. Its {@code meta().sequence()} is that of the last lost
   * event and its {@code meta().source()} is the subscriber's name.
   */
  record Overflow(EventMeta meta, String subscriber, long dropped) implements BusEvent {
    /**
     * @throws IllegalArgumentException if {@code dropped < 1}
     */
    public Overflow {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(subscriber, "subscriber");
      if (dropped < 1) throw new IllegalArgumentException("dropped < 1: " + dropped);
    }
  }
}
