package dev.barbiton.assets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of one store and their pins: who holds what, what leaves and when.
 *
 * <p>Lifecycle of a resource: <em>in the store</em> (in {@link #resources}), held or not; then
 * either deleted at once (evicted, removed while nobody held it, or ended with no byte), or
 * <em>removed while held</em> (in {@link #removing}: out of the map, so a new acquire of its key
 * starts a new resource; its holders read on, and its file goes when the last of them closes).
 *
 * <p>Concurrency: every change of a resource in the store (pin, unpin, removal, eviction, the
 * kept-offline flag) happens inside {@code resources.compute} on its id, so they are atomic per
 * resource; the pin count of a removed resource changes atomically on its own, and only its
 * holders still reach it. The {@link Evictor} is told each resource's evictable weight inside
 * those computes (its lock comes second). File opening and closing for holders happen after the
 * compute (see {@link ResourceState}); events of deletions made inside a compute are queued and
 * published after it, with no lock held.
 */
final class ResourceTable {
  private static final Logger log = LoggerFactory.getLogger(ResourceTable.class);

  private final StoreConfig config;
  private final AssetEvents events;
  private final Evictor evictor;
  private final AtomicBoolean closed;
  private final ConcurrentHashMap<String, ResourceState> resources = new ConcurrentHashMap<>();
  private final Set<ResourceState> removing = ConcurrentHashMap.newKeySet();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong evictedBytes = new AtomicLong();
  private final ConcurrentLinkedQueue<Runnable> pendingEvents = new ConcurrentLinkedQueue<>();

  ResourceTable(StoreConfig config, AssetEvents events, Evictor evictor, AtomicBoolean closed) {
    this.config = config;
    this.events = events;
    this.evictor = evictor;
    this.closed = closed;
  }

  ResourceState get(ResourceKey key) {
    return resources.get(key.fileId());
  }

  Collection<ResourceState> inStore() {
    return resources.values();
  }

  Set<ResourceState> removing() {
    return removing;
  }

  long evictions() {
    return evictions.get();
  }

  /** Bytes of the resources evicted so far. */
  long evictedBytes() {
    return evictedBytes.get();
  }

  /** Puts the resources a scan restored, then evicts what is over the bound or too old. */
  void load(List<ResourceState> states) {
    for (ResourceState state : states) {
      resources.put(state.key.fileId(), state);
      evictor.weigh(state, state.evictableBytes());
    }
    evictIfNeeded();
  }

  /** Pins the resource of {@code key}, created empty if absent, and opens its file for the holder. */
  ResourceState pin(ResourceKey key) throws IOException {
    ResourceState state = resources.compute(key.fileId(), (id, existing) -> {
      ResourceState s = existing != null ? existing : ResourceState.fresh(key, config, events);
      if (s.pins.incrementAndGet() == 1) evictor.weigh(s, 0);
      return s;
    });
    try {
      state.openForHandle();
    } catch (IOException | RuntimeException e) {
      unpin(state);
      throw e;
    }
    evictIfNeeded();
    return state;
  }

  /** Pins a resource its caller holds already (a handle claiming a writer), removed or not. */
  void pinHeld(ResourceState state) {
    boolean[] inStore = {false};
    resources.computeIfPresent(state.key.fileId(), (id, current) -> {
      if (current != state) return current;
      inStore[0] = true;
      current.pins.incrementAndGet();
      return current;
    });
    if (!inStore[0]) state.pins.incrementAndGet(); // removed: only its holders still reach it
  }

  /**
   * Unpins: the last holder's close marks an access, deletes a resource left with no byte, closes
   * the file of one kept, and finishes the removal of one removed while held.
   */
  void unpin(ResourceState state) {
    boolean[] inStore = {false};
    boolean[] idle = {false};
    resources.computeIfPresent(state.key.fileId(), (id, current) -> {
      if (current != state) return current;
      inStore[0] = true;
      if (current.pins.decrementAndGet() > 0) return current;
      idle[0] = true;
      current.touch();
      if (current.hasNoBytes() && !current.keptOffline()) {
        evictor.forget(current);
        current.deleteFiles();
        return null;
      }
      evictor.weigh(current, current.evictableBytes());
      return current;
    });
    if (!inStore[0]) {
      if (state.removed() && state.pins.decrementAndGet() == 0) {
        state.finishRemoval();
        removing.remove(state);
      }
    } else if (idle[0]) {
      state.closeIdle();
    }
    evictIfNeeded();
  }

  /** Removes the resource of {@code key} (see {@link AssetStore#remove}); its bytes, or -1 if none. */
  long remove(ResourceKey key) {
    long[] bytes = {-1};
    resources.computeIfPresent(key.fileId(), (id, state) -> {
      bytes[0] = state.view().stored().totalBytes();
      evictor.forget(state);
      if (state.pins.get() > 0) {
        state.markRemoved();
        removing.add(state);
      } else {
        state.deleteFiles();
      }
      return null;
    });
    publishPending();
    return bytes[0];
  }

  /** See {@link AssetStore#keepOffline}. */
  void keepOffline(ResourceKey key) throws IOException {
    ResourceState state = resources.compute(key.fileId(), (id, existing) -> {
      ResourceState s = existing != null ? existing : ResourceState.fresh(key, config, events);
      s.setKeptOfflineFlag(true);
      evictor.weigh(s, 0);
      return s;
    });
    state.setKeptOffline(true);
  }

  /** See {@link AssetStore#release(ResourceKey)}. */
  boolean release(ResourceKey key) throws IOException {
    ResourceState state = resources.get(key.fileId());
    if (state == null || !state.keptOffline()) return false;
    state.setKeptOffline(false);
    resources.computeIfPresent(key.fileId(), (id, s) -> {
      if (s != state || s.pins.get() > 0) return s;
      if (s.hasNoBytes()) {
        evictor.forget(s);
        s.deleteFiles();
        return null;
      }
      evictor.weigh(s, s.evictableBytes());
      return s;
    });
    evictIfNeeded();
    return true;
  }

  /** Every resource, in the store or removed and still held: what the store's close closes. */
  List<ResourceState> all() {
    List<ResourceState> all = new ArrayList<>(resources.values());
    all.addAll(removing);
    return all;
  }

  /** Deletes what the evictor chose, unless someone took it meanwhile; then publishes. */
  private void evictIfNeeded() {
    if (!closed.get()) {
      for (Evictor.Victim victim : evictor.victims(System.currentTimeMillis())) evict(victim);
    }
    publishPending();
  }

  private void evict(Evictor.Victim victim) {
    ResourceState state = victim.state();
    resources.computeIfPresent(state.key.fileId(), (id, current) -> {
      if (current != state || current.pins.get() > 0 || current.keptOffline()) return current;
      long bytes = current.view().stored().totalBytes();
      current.deleteFiles();
      evictions.incrementAndGet();
      evictedBytes.addAndGet(bytes);
      log.debug("evicted {} ({} bytes, {})", current.key.redacted(), bytes, victim.reason());
      pendingEvents.add(() -> events.evicted(current.key, bytes, victim.reason()));
      return null;
    });
  }

  private void publishPending() {
    Runnable event;
    while ((event = pendingEvents.poll()) != null) event.run();
  }
}
