package dev.barbiton.assets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.barbiton.events.AssetEvent.EvictionReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses which resources of a store go: the ones past the size bound, by the store's {@link
 * EvictionPolicy}, and the ones not accessed for longer than the time to live.
 *
 * <p>The store tells it each resource's evictable weight whenever that changes ({@link #weigh}):
 * the bytes it holds when nobody holds it, 0 while it is held or kept offline. Only resources of
 * non-zero weight are candidates. Every resource of non-zero weight is in {@link #byAccess},
 * ordered by its last access when it was weighed (a resource is accessed only while held, so the
 * order stays true until its next weighing); the frequency policy keeps Caffeine's bounded cache
 * beside it, whose evictions name the victims.
 *
 * <p>{@link #victims} only chooses, and forgets what it chose: the store then deletes each victim
 * if nobody took it meanwhile (a victim taken is weighed 0 by its pin, then weighed again by its
 * release, and so comes back as a candidate).
 *
 * <p>Threads: any; every method takes this object's lock, briefly, and calls nothing outside
 * (Caffeine runs its eviction listener on the calling thread, inside the lock: it only records).
 * The store calls {@link #weigh} inside its map's compute: the map's lock comes first, this one
 * second, never the other way.
 */
final class Evictor {
  /** A victim and why it goes. */
  record Victim(ResourceState state, EvictionReason reason) {}

  private record Position(long lastAccessMillis, long sequence) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int byTime = Long.compare(lastAccessMillis, o.lastAccessMillis);
      return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
    }
  }

  private final long maxBytes;
  private final long expireAfterAccessMillis;
  private final Object lock = new Object();
  private final Map<ResourceState, Position> positions = new HashMap<>();
  private final TreeMap<Position, ResourceState> byAccess = new TreeMap<>();
  private final Map<ResourceState, Long> weights = new HashMap<>();
  /** Null for least recently used; guarded by lock. */
  private final Cache<ResourceState, Long> frequency;
  private final List<ResourceState> frequencyVictims = new ArrayList<>();
  private long evictableBytes;
  private long sequence;

  /**
   * @param expireAfterAccessMillis 0 for no time to live
   */
  Evictor(EvictionPolicy policy, long maxBytes, long expireAfterAccessMillis) {
    this.maxBytes = maxBytes;
    this.expireAfterAccessMillis = expireAfterAccessMillis;
    this.frequency = policy == EvictionPolicy.FREQUENCY
        ? Caffeine.newBuilder()
            .maximumWeight(maxBytes >>> 10)
            .weigher((ResourceState s, Long kib) -> (int) Math.min(Integer.MAX_VALUE, kib))
            .executor(Runnable::run)
            .evictionListener((ResourceState s, Long kib, RemovalCause cause) -> {
              if (s != null && cause.wasEvicted()) frequencyVictims.add(s);
            })
            .build()
        : null;
  }

  /** The resource's evictable weight is now {@code bytes}: 0 while it is held or kept offline. */
  void weigh(ResourceState state, long bytes) {
    synchronized (lock) {
      unlink(state);
      if (bytes > 0) {
        Position at = new Position(state.lastAccessMillis(), sequence++);
        positions.put(state, at);
        byAccess.put(at, state);
        weights.put(state, bytes);
        evictableBytes += bytes;
      }
      if (frequency != null) frequency.put(state, bytes == 0 ? 0L : Math.max(1, (bytes + 1023) >>> 10));
    }
  }

  /** The resource left the store. */
  void forget(ResourceState state) {
    synchronized (lock) {
      unlink(state);
      if (frequency != null) frequency.invalidate(state);
      frequencyVictims.remove(state);
    }
  }

  /** The bytes of the resources that may be evicted. */
  long evictableBytes() {
    synchronized (lock) {
      return evictableBytes;
    }
  }

  /** The resources to delete now, each forgotten here: expired first, then the policy's. */
  List<Victim> victims(long nowMillis) {
    synchronized (lock) {
      List<Victim> victims = new ArrayList<>();
      if (expireAfterAccessMillis > 0) {
        while (!byAccess.isEmpty() && byAccess.firstKey().lastAccessMillis() <= nowMillis - expireAfterAccessMillis) {
          ResourceState oldest = byAccess.firstEntry().getValue();
          forget(oldest);
          victims.add(new Victim(oldest, EvictionReason.EXPIRED));
        }
      }
      if (frequency != null) {
        for (ResourceState s : new ArrayList<>(frequencyVictims)) {
          if (positions.containsKey(s)) victims.add(new Victim(s, EvictionReason.SIZE));
          unlink(s);
        }
        frequencyVictims.clear();
      } else {
        while (evictableBytes > maxBytes && !byAccess.isEmpty()) {
          ResourceState oldest = byAccess.firstEntry().getValue();
          unlink(oldest);
          victims.add(new Victim(oldest, EvictionReason.SIZE));
        }
      }
      return victims;
    }
  }

  private void unlink(ResourceState state) {
    Position at = positions.remove(state);
    if (at == null) return;
    byAccess.remove(at);
    Long bytes = weights.remove(state);
    if (bytes != null) evictableBytes -= bytes;
  }
}
