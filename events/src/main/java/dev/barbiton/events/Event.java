package dev.barbiton.events;

import java.time.Instant;

/**
 * Something that happened in Barbiton, delivered by an {@link EventBus}. Events are immutable
 * records; the four families below are closed, so a {@code switch} over them is exhaustive.
 *
 * <p>Events are values: they hold no reference to the objects that published them and never
 * carry a URL's credentials or query values (see {@link Redaction}).
 */
public sealed interface Event permits DownloadEvent, FileEvent, AssetEvent, BusEvent {
  /** The sequence number, timestamp and source assigned by the bus. */
  EventMeta meta();

  /** Shorthand for {@code meta().sequence()}. */
  default long sequence() {
    return meta().sequence();
  }

  /** Shorthand for {@code meta().timestamp()}. */
  default Instant timestamp() {
    return meta().timestamp();
  }

  /** Shorthand for {@code meta().source()}. */
  default String source() {
    return meta().source();
  }
}
