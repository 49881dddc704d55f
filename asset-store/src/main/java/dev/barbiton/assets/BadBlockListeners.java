package dev.barbiton.assets;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The handles of one resource that listen for bad blocks ({@link AssetResource#onBadBlock}):
 * changed when a handle sets or clears its listener or closes, read when bad blocks are found,
 * both rare. Told with no lock held.
 */
final class BadBlockListeners {
  private final Set<AssetResource> handles = new CopyOnWriteArraySet<>();

  void add(AssetResource handle) {
    handles.add(handle);
  }

  void remove(AssetResource handle) {
    handles.remove(handle);
  }

  /** Tells every listening handle of {@code bad}, one run of adjacent bad blocks at a time. */
  void tell(ByteRanges bad) {
    for (AssetResource handle : handles) handle.tellBadBlocks(bad);
  }
}
