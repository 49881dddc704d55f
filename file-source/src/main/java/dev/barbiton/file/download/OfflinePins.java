package dev.barbiton.file.download;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps completed downloads out of eviction through the store's own mark ({@link
 * AssetStore#keepOffline}), which is persisted with the resource's index: a completed download
 * stays offline across restarts, before any manager opens. The manager's thread only.
 */
final class OfflinePins {
  private static final Logger log = LoggerFactory.getLogger(OfflinePins.class);
  private final AssetStore store;

  OfflinePins(AssetStore store) {
    this.store = store;
  }

  void keep(ResourceKey key) {
    try {
      store.keepOffline(key);
    } catch (IOException e) {
      log.warn("cannot keep {} offline: {}", key.redacted(), e.toString());
    }
  }

  void release(ResourceKey key) {
    try {
      store.release(key);
    } catch (IOException e) {
      log.warn("cannot release {} from offline: {}", key.redacted(), e.toString());
    }
  }
}
