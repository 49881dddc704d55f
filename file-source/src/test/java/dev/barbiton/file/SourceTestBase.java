package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A loopback media server, a fresh store and a bus for every test. */
abstract class SourceTestBase extends LoopbackStoreFixture {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  EventBus bus;
  Subscription events;

  @BeforeEach
  void startBus() {
    bus = EventBus.create();
    events = bus.subscribe(SubscribeOptions.builder().capacity(100_000).build());
  }

  @AfterEach
  void stopBus() {
    events.close();
    bus.close();
  }

  FileSourceOptions.Builder options() {
    return FileSourceOptions.builder(store)
        .eventBus(bus)
        .readTimeout(DEADLINE)
        .stallTimeout(Duration.ofSeconds(2))
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build());
  }

  FileSource open(String path) throws IOException {
    return FileSource.open(server.uri(path), options().build());
  }

  static DownloadOutcome awaitOutcome(FileSource source) throws Exception {
    return source.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  static void assertFinished(FileSource source) throws Exception {
    DownloadOutcome outcome = awaitOutcome(source);
    assertInstanceOf(DownloadOutcome.Finished.class, outcome, () -> outcome.toString());
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static void assertBytes(byte[] expected, FileSource source) throws IOException {
    assertArrayEquals(expected, readAll(source.newInputStream()));
  }

  /** Waits until {@code thread} parks (a blocked read), so that a wake-up test tests a wake-up. */
  static void awaitBlocked(Thread thread) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      if (thread.getState() == Thread.State.TERMINATED) throw new AssertionError(thread + " ended without blocking");
      if (System.nanoTime() > end) throw new AssertionError(thread + " never blocked");
      java.util.concurrent.locks.LockSupport.parkNanos(200_000); // poll the condition, not a timed guess
    }
  }

  /** Every event published so far, in order. */
  List<Event> drainEvents() {
    List<Event> all = new ArrayList<>();
    for (Event e; (e = events.poll()) != null; ) all.add(e);
    return all;
  }

  static <T> List<T> only(List<Event> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
