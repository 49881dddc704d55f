package dev.barbiton.micrometer;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.RetryCause;
import dev.barbiton.file.SourceMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one {@link FileSource}'s {@link SourceMetrics}, polled from {@link
 * FileSource#metrics()} when the registry reads them, each tagged {@code source=<name>}:
 *
 * <pre>{@code
 * SourceMeters meters = new SourceMeters(source, "film");
 * meters.bindTo(registry);
 * ...
 * meters.close();   // with the source: its meters leave the registry
 * }</pre>
 *
 * <p>Meters (counters only grow; bytes in bytes, times in the registry's base time unit; a value
 * not known yet is NaN):
 *
 * <ul>
 *   <li>{@code barbiton.source.bytes.network}: counter, body bytes received;
 *   <li>{@code barbiton.source.bytes.cache}: gauge, bytes cached when the source opened;
 *   <li>{@code barbiton.source.bytes.cached}, {@code barbiton.source.length}: gauges;
 *   <li>{@code barbiton.source.requests}, {@code barbiton.source.requests.failed}, {@code
 *       barbiton.source.requests.superseded}: counters;
 *   <li>{@code barbiton.source.retries}: counters, one per {@code cause} tag ({@code timeout},
 *       {@code connection}, {@code http_status}, {@code invalid_response}, {@code unknown_host},
 *       {@code other});
 *   <li>{@code barbiton.source.time.to.first.byte}, {@code
 *       barbiton.source.time.to.first.byte.mean}: time gauges, the first response's and the mean;
 *   <li>{@code barbiton.source.receiving.time}: counter of the time bodies were being received;
 *   <li>{@code barbiton.source.throughput}: gauge, bytes per second while receiving;
 *   <li>{@code barbiton.source.reads}, {@code barbiton.source.bytes.read}, {@code
 *       barbiton.source.reads.waited}, {@code barbiton.source.read.wait.time}: counters;
 *   <li>{@code barbiton.source.readers.waiting}, {@code barbiton.source.cache.hit.ratio}: gauges.
 * </ul>
 */
public final class SourceMeters implements MeterBinder, AutoCloseable {
  private final FileSource source;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;

  /** Meters for {@code source}, tagged {@code source=name}. */
  public SourceMeters(FileSource source, String name) {
    this(source, Tags.of("source", Objects.requireNonNull(name, "name")));
  }

  /** Meters for {@code source}, each with {@code tags} (which should tell the sources apart). */
  public SourceMeters(FileSource source, Iterable<Tag> tags) {
    this.source = Objects.requireNonNull(source, "source");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers the meters with {@code registry}.
   *
   * @throws IllegalStateException if they are bound to a registry already
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (this.registry != null) throw new IllegalStateException("bound already");
    this.registry = registry;
    counter("barbiton.source.bytes.network", "body bytes received from the network", "bytes", SourceMetrics::bytesFromNetwork);
    gauge("barbiton.source.bytes.cache", "bytes cached when the source opened", "bytes", SourceMetrics::bytesFromCache);
    gauge("barbiton.source.bytes.cached", "bytes of the resource cached now", "bytes", SourceMetrics::bytesCached);
    gauge("barbiton.source.length", "the resource's length", "bytes",
        m -> m.length().isPresent() ? m.length().getAsLong() : Double.NaN);
    counter("barbiton.source.requests", "HTTP requests started", null, SourceMetrics::requests);
    counter("barbiton.source.requests.failed", "requests that failed", null, SourceMetrics::failedRequests);
    counter("barbiton.source.requests.superseded", "requests stopped for a reader elsewhere", null,
        SourceMetrics::supersededRequests);
    for (RetryCause cause : RetryCause.values()) {
      meters.add(FunctionCounter.builder("barbiton.source.retries", source, s -> s.metrics().retriesByCause().get(cause))
          .tags(tags).tag("cause", cause.name().toLowerCase(Locale.ROOT)).description("retries after a failure")
          .register(registry));
    }
    timeGauge("barbiton.source.time.to.first.byte", "the first response's time to first byte",
        m -> m.timeToFirstByte().map(Duration::toNanos).map(Long::doubleValue).orElse(Double.NaN));
    timeGauge("barbiton.source.time.to.first.byte.mean", "the mean time to first byte of the responses",
        m -> m.meanTimeToFirstByte().map(Duration::toNanos).map(Long::doubleValue).orElse(Double.NaN));
    counter("barbiton.source.receiving.time", "time bodies were being received", "seconds",
        m -> m.receivingTime().toNanos() / 1e9);
    gauge("barbiton.source.throughput", "bytes per second while receiving", "bytes", SourceMetrics::throughput);
    counter("barbiton.source.reads", "reads that copied bytes", null, SourceMetrics::reads);
    counter("barbiton.source.bytes.read", "bytes readers read", "bytes", SourceMetrics::bytesRead);
    counter("barbiton.source.reads.waited", "reads that waited for their bytes to arrive", null, SourceMetrics::waitedReads);
    counter("barbiton.source.read.wait.time", "time readers spent blocked for bytes", "seconds",
        m -> m.readWaitTime().toNanos() / 1e9);
    gauge("barbiton.source.readers.waiting", "readers blocked for bytes now", null, SourceMetrics::readersWaiting);
    gauge("barbiton.source.cache.hit.ratio", "reads served at once over reads", null, SourceMetrics::cacheHitRatio);
  }

  /** Removes the meters from the registry they were bound to; idempotent. */
  @Override
  public synchronized void close() {
    if (registry == null) return;
    for (Meter meter : meters) registry.remove(meter);
    meters.clear();
  }

  private void gauge(String name, String description, String unit, ToDoubleFunction<SourceMetrics> value) {
    meters.add(Gauge.builder(name, source, s -> value.applyAsDouble(s.metrics()))
        .tags(tags).description(description).baseUnit(unit).strongReference(true).register(registry));
  }

  private void counter(String name, String description, String unit, ToDoubleFunction<SourceMetrics> value) {
    meters.add(FunctionCounter.builder(name, source, s -> value.applyAsDouble(s.metrics()))
        .tags(tags).description(description).baseUnit(unit).register(registry));
  }

  private void timeGauge(String name, String description, ToDoubleFunction<SourceMetrics> nanos) {
    meters.add(TimeGauge.builder(name, source, TimeUnit.NANOSECONDS, s -> nanos.applyAsDouble(s.metrics()))
        .tags(tags).description(description).strongReference(true).register(registry));
  }
}
