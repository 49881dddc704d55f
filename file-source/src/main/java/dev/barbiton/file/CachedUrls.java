package dev.barbiton.file;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.CacheEntry;
import dev.barbiton.assets.ResourceKey;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The cache of an {@link AssetStore} seen by URL: the store's cache API for the resource that
 * {@link FileSource#open} of a URL reads, named by the same rule ({@link #key}). None of these
 * opens the resource or a file. A source opened with its own {@link
 * FileSourceOptions.Builder#cacheKey cacheKey} is reached through the store with that key instead.
 */
public final class CachedUrls {
  private CachedUrls() {}

  /**
   * The key {@link FileSource#open} uses for {@code uri} when its options name none: the URL,
   * normalized ({@link ResourceKey#forUrl}), so spellings of one URL share one resource.
   */
  public static ResourceKey key(URI uri) {
    return ResourceKey.forUrl(Objects.requireNonNull(uri, "uri"));
  }

  /** What the store holds of {@code uri}, if anything (see {@link AssetStore#entries()}). */
  public static Optional<CacheEntry> entry(AssetStore store, URI uri) {
    return store.entry(key(uri));
  }

  /** Whether every byte of {@code uri} is cached: a source of it reads with no request. */
  public static boolean isCached(AssetStore store, URI uri) {
    return store.isCached(key(uri));
  }

  /** The bytes of {@code uri} cached; 0 when none. */
  public static long cachedBytes(AssetStore store, URI uri) {
    return store.cachedBytes(key(uri));
  }

  /** {@link AssetStore#remove} for {@code uri}: an open source of it reads on until it closes. */
  public static boolean remove(AssetStore store, URI uri) {
    return store.remove(key(uri));
  }

  /** {@link AssetStore#keepOffline} for {@code uri}, before or after its download. */
  public static void keepOffline(AssetStore store, URI uri) throws IOException {
    store.keepOffline(key(uri));
  }

  /** {@link AssetStore#release(ResourceKey)} for {@code uri}. */
  public static boolean release(AssetStore store, URI uri) throws IOException {
    return store.release(key(uri));
  }
}
