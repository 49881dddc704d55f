package dev.barbiton.assets;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the store holds of one resource at one moment, from {@link AssetStore#entries()}: read from
 * memory, without opening a file or the resource.
 *
 * @param key the resource's key ({@link ResourceKey#redacted()} to print it)
 * @param length the length, once known
 * @param cachedBytes the bytes held (blocks of an earlier process included before their check)
 * @param complete whether every byte is here and the length final
 * @param lastAccess when a handle on it was last opened or closed (persisted across restarts)
 * @param pinned whether a handle or writer is open on it now
 * @param keptOffline whether it is kept offline: never evicted, until released
 */
public record CacheEntry(ResourceKey key, OptionalLong length, long cachedBytes, boolean complete, Instant lastAccess,
    boolean pinned, boolean keptOffline) {
  public CacheEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(lastAccess, "lastAccess");
    if (cachedBytes < 0) throw new IllegalArgumentException("cachedBytes < 0: " + cachedBytes);
  }
}
