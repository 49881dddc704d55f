package dev.barbiton.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.SourceMetrics;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The meters against a SimpleMeterRegistry, over a real loopback download with an injected fault. */
@Timeout(60)
class MetersTest {
  @TempDir Path dir;

  @Test
  void storeAndSourceMeters_reportTheSnapshotsValues_andSourceMetersLeaveOnClose() throws Exception {
    byte[] content = MediaServer.testContent(1 << 20, 81);
    try (MediaServer server = MediaServer.start();
        AssetStore store = AssetStore.open(dir.resolve("cache"))) {
      server.serve("/m.bin", content).onRequest(1, Fault.disconnectAfter(100_000));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new StoreMeters(store).bindTo(registry);
      FileSourceOptions options = FileSourceOptions.builder(store).acceptAnyContent(true)
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).build()).build();
      SourceMetrics m;
      try (FileSource source = FileSource.open(server.uri("/m.bin"), options);
          SourceMeters meters = new SourceMeters(source, "m")) {
        meters.bindTo(registry);
        assertInstanceOf(DownloadOutcome.Finished.class, source.completion().get(30, TimeUnit.SECONDS));
        try (InputStream in = source.newInputStream()) {
          in.readAllBytes();
        }
        m = source.metrics();
        assertEquals(content.length, registry.get("barbiton.source.bytes.network").tag("source", "m").functionCounter().count());
        assertEquals(2, registry.get("barbiton.source.requests").functionCounter().count());
        assertEquals(1, registry.get("barbiton.source.requests.failed").functionCounter().count());
        assertEquals(1, registry.get("barbiton.source.retries").tag("cause", "connection").functionCounter().count());
        assertEquals(0, registry.get("barbiton.source.retries").tag("cause", "timeout").functionCounter().count());
        assertEquals(content.length, registry.get("barbiton.source.bytes.read").functionCounter().count());
        assertEquals(m.reads(), registry.get("barbiton.source.reads").functionCounter().count());
        assertEquals(content.length, registry.get("barbiton.source.length").gauge().value());
        assertEquals(1.0, registry.get("barbiton.source.cache.hit.ratio").gauge().value());
        assertEquals(m.timeToFirstByte().orElseThrow().toNanos() / 1e6,
            registry.get("barbiton.source.time.to.first.byte").timeGauge().value(TimeUnit.MILLISECONDS), 1e-9);
        assertTrue(registry.get("barbiton.source.throughput").gauge().value() > 0);

        assertEquals(content.length, registry.get("barbiton.store.bytes.written").functionCounter().count());
        assertEquals(content.length, registry.get("barbiton.store.bytes.read").functionCounter().count());
        assertEquals(content.length, registry.get("barbiton.store.bytes.used").gauge().value());
        assertEquals(1, registry.get("barbiton.store.resources.open").gauge().value());
        assertEquals(0, registry.get("barbiton.store.evictions").functionCounter().count());
        assertTrue(registry.get("barbiton.store.uptime").timeGauge().value(TimeUnit.NANOSECONDS) > 0);
        assertEquals(new TreeSet<>(Set.of(
            "barbiton.source.bytes.network", "barbiton.source.bytes.cache", "barbiton.source.bytes.cached",
            "barbiton.source.length", "barbiton.source.requests", "barbiton.source.requests.failed",
            "barbiton.source.requests.superseded", "barbiton.source.retries", "barbiton.source.time.to.first.byte",
            "barbiton.source.time.to.first.byte.mean", "barbiton.source.receiving.time", "barbiton.source.throughput",
            "barbiton.source.reads", "barbiton.source.bytes.read", "barbiton.source.reads.waited",
            "barbiton.source.read.wait.time", "barbiton.source.readers.waiting", "barbiton.source.cache.hit.ratio")),
            names(registry, "barbiton.source."));
        assertEquals(6, registry.find("barbiton.source.retries").meters().size(), "one per cause");
      }
      assertTrue(registry.find("barbiton.source.requests").meters().isEmpty(), "closed: the source's meters left");
      assertEquals(0, registry.get("barbiton.store.resources.open").gauge().value());
      Set<String> storeNames = names(registry, "");
      assertEquals(new TreeSet<>(Set.of("barbiton.store.bytes.used", "barbiton.store.bytes.max", "barbiton.store.resources",
          "barbiton.store.resources.open", "barbiton.store.bytes.written", "barbiton.store.reads", "barbiton.store.bytes.read",
          "barbiton.store.reads.waited", "barbiton.store.read.wait.time", "barbiton.store.readers.waiting",
          "barbiton.store.cache.hit.ratio", "barbiton.store.evictions", "barbiton.store.bytes.evicted",
          "barbiton.store.uptime")), storeNames);
    }
  }

  private static Set<String> names(SimpleMeterRegistry registry, String prefix) {
    Set<String> names = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      if (meter.getId().getName().startsWith(prefix)) names.add(meter.getId().getName());
    }
    return names;
  }
}
