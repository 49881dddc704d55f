package dev.barbiton.assets;

/**
 * Which resources an {@link AssetStore} over its size bound deletes first. Either way a resource
 * that is held (a handle or a writer is open) or {@linkplain AssetStore#keepOffline kept offline}
 * is never evicted, and the bound counts only the others.
 */
public enum EvictionPolicy {
  /**
   * The resource whose last access is oldest goes first (an access is a handle opened or closed),
   * so what the user fetched last stays: what a media cache wants, and the default.
   */
  LEAST_RECENTLY_USED,
  /**
   * Caffeine's frequency-based policy (W-TinyLFU): a resource used often outlives one used once,
   * and a new large resource may be refused in favour of ones used more often.
   */
  FREQUENCY
}
