package dev.barbiton.assets;

/**
 * A snapshot of an {@link AssetStore}'s counters.
 *
 * @param bytesUsed bytes held on disk (available bytes, not sparse file sizes): every resource's,
 *     plus those of resources removed while open, until their last handle closes
 * @param resources resources in the store, open or not
 * @param pinned resources open by at least one handle or writer
 * @param evictions resources evicted (by size or age) since the store opened
 * @param keptOffline resources kept offline
 * @param bytesAwaitingDelete the part of {@code bytesUsed} that removed resources still hold
 */
public record StoreStats(long bytesUsed, int resources, int pinned, long evictions, int keptOffline,
    long bytesAwaitingDelete) {}
