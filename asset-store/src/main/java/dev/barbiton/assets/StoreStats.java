package dev.barbiton.assets;

/**
 * A snapshot of an {@link AssetStore}'s counters.
 *
 * @param bytesUsed bytes held by all resources (available bytes, not sparse file sizes)
 * @param resources resources in the store, open or not
 * @param pinned resources open by at least one handle or writer
 * @param evictions resources evicted by the size bound since the store opened
 */
public record StoreStats(long bytesUsed, int resources, int pinned, long evictions) {}
