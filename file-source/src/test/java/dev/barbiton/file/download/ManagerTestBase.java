package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A loopback server, a store, a bus whose events are all kept, and managers closed after each test. */
abstract class ManagerTestBase extends LoopbackStoreFixture {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  EventBus bus;
  Subscription subscription;
  /** A backstop for conditions that change without an event of their own. */
  static final Duration RECHECK = Duration.ofMillis(50);

  final List<Event> events = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();
  private long arrivalCount; // guarded by arrivals
  final List<DownloadManager> managers = new ArrayList<>();

  @BeforeEach
  void startBus() {
    bus = EventBus.create();
    subscription = bus.subscribe(SubscribeOptions.builder().capacity(100_000).build(), Runnable::run, this::arrived);
  }

  @AfterEach
  void closeManagers() {
    for (DownloadManager m : managers) m.close();
    subscription.close();
    bus.close();
  }

  FileSourceOptions sourceOptions() {
    return FileSourceOptions.builder(store)
        .eventBus(bus)
        .readTimeout(DEADLINE)
        .stallTimeout(Duration.ofSeconds(2))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build())
        .build();
  }

  DownloadManager.Builder managerBuilder() {
    return DownloadManager.builder(sourceOptions())
        .progressInterval(Duration.ofMillis(20))
        .retryBackoff(RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(40)).build());
  }

  DownloadManager open(DownloadManager.Builder builder) throws Exception {
    DownloadManager m = builder.open();
    managers.add(m);
    return m;
  }

  /** Closes the store and opens it again, as a restarted process would. */
  void restartStore() throws Exception {
    for (DownloadManager m : managers) m.close();
    store.close();
    store = AssetStore.open(dir.resolve("cache"));
  }

  /**
   * Waits until {@code condition} holds, rechecking it after each event the bus delivers (every
   * state change of a download publishes one) and at least every {@link #RECHECK}, up to {@link
   * #DEADLINE}.
   */
  void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      long seen;
      synchronized (arrivals) {
        seen = arrivalCount;
      }
      // Outside the monitor: the condition may ask the manager's thread, which publishes events.
      if (condition.getAsBoolean()) return;
      long left = end - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out waiting for " + what);
      synchronized (arrivals) {
        if (arrivalCount == seen) TimeUnit.NANOSECONDS.timedWait(arrivals, Math.min(left, RECHECK.toNanos()));
      }
    }
  }

  private void arrived(Event event) {
    events.add(event);
    synchronized (arrivals) {
      arrivalCount++;
      arrivals.notifyAll();
    }
  }

  void awaitState(DownloadManager m, String id, DownloadState state) throws InterruptedException {
    await(id + " " + state + " (now " + m.get(id) + ")", () -> m.get(id).map(d -> d.state() == state).orElse(false));
  }

  List<DownloadEvent.OfflineStateChanged> transitions(String id) {
    return events.stream().filter(DownloadEvent.OfflineStateChanged.class::isInstance)
        .map(DownloadEvent.OfflineStateChanged.class::cast).filter(e -> e.downloadId().equals(id)).toList();
  }

  List<String> states(String id) {
    return transitions(id).stream().map(DownloadEvent.OfflineStateChanged::to).toList();
  }

  <T extends Event> List<T> eventsOf(Class<T> type, Predicate<T> filter) {
    return events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }

  /** The cached bytes [start, end) of {@code key}'s resource, read from the store with no network. */
  byte[] cached(dev.barbiton.assets.ResourceKey key, long start, long end) throws Exception {
    try (AssetResource r = store.acquire(key)) {
      ByteBuffer buf = ByteBuffer.allocate((int) (end - start));
      while (buf.hasRemaining()) {
        int n = r.readAt(start + buf.position(), buf, Duration.ZERO);
        if (n < 0) break;
      }
      assertEquals(end - start, buf.position(), "cached bytes");
      return buf.array();
    }
  }
}
