package dev.barbiton.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What every event carries: its place in the bus's order, when it was published and who
 * published it.
 *
 * @param sequence the bus-wide publish number, starting at 1 and increasing by one each time the
 *     bus calls an event factory. {@link BusEvent.Overflow} reuses the number of the last event it
 *     reports lost.
 * @param timestamp when the bus created the event, read from the bus's {@link java.time.Clock}
 * @param source who published the event (for example a resource key or URL), stored redacted with
 *     {@link Redaction#text(String)}
 */
public record EventMeta(long sequence, Instant timestamp, String source) {
  /**
   * @throws IllegalArgumentException if {@code sequence < 0}
   * @throws NullPointerException if {@code timestamp} or {@code source} is null
   */
  public EventMeta {
    if (sequence < 0) throw new IllegalArgumentException("sequence < 0: " + sequence);
    Objects.requireNonNull(timestamp, "timestamp");
    source = Redaction.text(Objects.requireNonNull(source, "source"));
  }
}
