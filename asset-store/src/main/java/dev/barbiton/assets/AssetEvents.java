package dev.barbiton.assets;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.EventBus;

/** Publishes the store's events, or nothing when the store has no bus. Never call under a lock. */
final class AssetEvents {
  private final EventBus bus;

  AssetEvents(EventBus bus) {
    this.bus = bus;
  }

  void committed(ResourceKey key, long length) {
    if (bus != null) bus.publish(key.redacted(), meta -> new AssetEvent.Committed(meta, length));
  }

  void failed(ResourceKey key, String reason) {
    if (bus != null) bus.publish(key.redacted(), meta -> new AssetEvent.Failed(meta, reason));
  }

  void evicted(ResourceKey key, long bytes, AssetEvent.EvictionReason reason) {
    if (bus != null) bus.publish(key.redacted(), meta -> new AssetEvent.Evicted(meta, bytes, reason));
  }

  void recovered(ResourceKey key, long bytesAvailable, boolean committed) {
    if (bus != null) {
      bus.publish(key.redacted(), meta -> new AssetEvent.IndexRecovered(meta, bytesAvailable, committed));
    }
  }

  /** One {@code BadBlock} per run of adjacent bad blocks. */
  void badBlocks(ResourceKey key, ByteRanges bad) {
    if (bus == null) return;
    for (ByteRange run : bad.ranges()) {
      bus.publish(key.redacted(), meta -> new AssetEvent.BadBlock(meta, run.start(), run.length()));
    }
  }

  void discarded(String file, String reason) {
    if (bus != null) bus.publish(file, meta -> new AssetEvent.IndexDiscarded(meta, reason));
  }
}
