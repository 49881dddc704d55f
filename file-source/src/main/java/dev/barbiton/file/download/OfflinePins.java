package dev.barbiton.file.download;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps completed downloads out of eviction: one open handle per resource (an open resource
 * weighs nothing and is never evicted). The manager's thread only.
 */
final class OfflinePins {
  private static final Logger log = LoggerFactory.getLogger(OfflinePins.class);
  private final AssetStore store;
  private final Map<ResourceKey, AssetResource> held = new HashMap<>();

  OfflinePins(AssetStore store) {
    this.store = store;
  }

  void keep(ResourceKey key) {
    if (held.containsKey(key)) return;
    try {
      held.put(key, store.acquire(key));
    } catch (IOException e) {
      log.warn("cannot keep {} offline: {}", key.redacted(), e.toString());
    }
  }

  void release(ResourceKey key) {
    AssetResource handle = held.remove(key);
    if (handle != null) handle.close();
  }

  void releaseAll() {
    for (AssetResource handle : held.values()) handle.close();
    held.clear();
  }
}
