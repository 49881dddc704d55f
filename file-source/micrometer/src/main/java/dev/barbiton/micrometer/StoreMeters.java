package dev.barbiton.micrometer;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.StoreMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for an {@link AssetStore}'s {@link StoreMetrics}, each polled from {@link
 * AssetStore#metrics()} when the registry reads it:
 *
 * <pre>{@code
 * new StoreMeters(store).bindTo(registry);
 * }</pre>
 *
 * <p>Meters (counters only grow; bytes in bytes, times in the registry's base time unit):
 *
 * <ul>
 *   <li>{@code barbiton.store.bytes.used}, {@code barbiton.store.bytes.max}: gauges of the bytes
 *       held and the size bound;
 *   <li>{@code barbiton.store.resources}, {@code barbiton.store.resources.open}: gauges;
 *   <li>{@code barbiton.store.bytes.written}: counter, bytes downloads wrote (from the network);
 *   <li>{@code barbiton.store.reads}, {@code barbiton.store.bytes.read}: counters of reads and the
 *       bytes they copied (served from the cache);
 *   <li>{@code barbiton.store.reads.waited}: counter of reads that waited for bytes (rebuffering);
 *   <li>{@code barbiton.store.read.wait.time}: counter of the time readers spent blocked;
 *   <li>{@code barbiton.store.readers.waiting}: gauge of readers blocked now;
 *   <li>{@code barbiton.store.cache.hit.ratio}: gauge, reads served at once over reads (0 to 1);
 *   <li>{@code barbiton.store.evictions}, {@code barbiton.store.bytes.evicted}: counters;
 *   <li>{@code barbiton.store.uptime}: time gauge.
 * </ul>
 *
 * <p>The meters keep a strong reference to the store; a closed store's meters go on reporting its
 * last values.
 */
public final class StoreMeters implements MeterBinder {
  private final AssetStore store;
  private final Iterable<Tag> tags;

  /** Meters for {@code store}, with no tags of their own. */
  public StoreMeters(AssetStore store) {
    this(store, Tags.empty());
  }

  /** Meters for {@code store}, each with {@code tags} (say, {@code cache=media} for one of several stores). */
  public StoreMeters(AssetStore store, Iterable<Tag> tags) {
    this.store = Objects.requireNonNull(store, "store");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "barbiton.store.bytes.used", "bytes held by the store's resources", "bytes", StoreMetrics::bytesUsed);
    gauge(registry, "barbiton.store.bytes.max", "the size bound of resources not open", "bytes", StoreMetrics::maxBytes);
    gauge(registry, "barbiton.store.resources", "resources in the store", null, StoreMetrics::resources);
    gauge(registry, "barbiton.store.resources.open", "resources open (never evicted)", null, StoreMetrics::pinned);
    counter(registry, "barbiton.store.bytes.written", "bytes downloads wrote into the store", "bytes", StoreMetrics::bytesWritten);
    counter(registry, "barbiton.store.reads", "reads that copied bytes", null, StoreMetrics::reads);
    counter(registry, "barbiton.store.bytes.read", "bytes readers read from the store", "bytes", StoreMetrics::bytesRead);
    counter(registry, "barbiton.store.reads.waited", "reads that waited for their bytes to arrive", null, StoreMetrics::waitedReads);
    counter(registry, "barbiton.store.read.wait.time", "time readers spent blocked for bytes", "seconds",
        m -> m.readWaitTime().toNanos() / 1e9);
    gauge(registry, "barbiton.store.readers.waiting", "readers blocked for bytes now", null, StoreMetrics::readersWaiting);
    gauge(registry, "barbiton.store.cache.hit.ratio", "reads served at once over reads", null, StoreMetrics::cacheHitRatio);
    counter(registry, "barbiton.store.evictions", "resources evicted by the size bound", null, StoreMetrics::evictions);
    counter(registry, "barbiton.store.bytes.evicted", "bytes evictions deleted", "bytes", StoreMetrics::evictedBytes);
    TimeGauge.builder("barbiton.store.uptime", store, TimeUnit.NANOSECONDS, s -> s.metrics().uptime().toNanos())
        .tags(tags).description("time since the store opened").strongReference(true).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<StoreMetrics> value) {
    Gauge.builder(name, store, s -> value.applyAsDouble(s.metrics()))
        .tags(tags).description(description).baseUnit(unit).strongReference(true).register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<StoreMetrics> value) {
    FunctionCounter.builder(name, store, s -> value.applyAsDouble(s.metrics()))
        .tags(tags).description(description).baseUnit(unit).register(registry);
  }
}
