package dev.barbiton.file.engine;

import dev.barbiton.assets.ResourceWriter;

/**
 * When the driver last published {@code FileEvent.Cached} (bytes cached of the whole resource,
 * their rate since the last one), so that it does at most once per interval. The driver's thread
 * only (the tail's bytes show in the next one).
 */
final class CachedTicks {
  private long tickNanos = System.nanoTime();
  private long cachedAtTick = -1;

  boolean due(long now, long intervalNanos) {
    return now - tickNanos >= intervalNanos;
  }

  void publish(SourceEvents events, ResourceWriter writer, long now) {
    long cached = writer.available().totalBytes();
    double rate = cachedAtTick < 0 ? 0 : (cached - cachedAtTick) * 1e9 / (now - tickNanos);
    events.cached(cached, writer.length().orElse(-1), rate);
    tickNanos = now;
    cachedAtTick = cached;
  }
}
