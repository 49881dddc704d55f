package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every test: a loopback origin ({@link MediaServer}), a fresh store, and a {@link
 * LoopbackServer} on it whose sources retry fast; closed in reverse order after each test, after
 * checking that no connection of the server is left open.
 */
abstract class ServerFixture {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  /** Sample media shared by the tests of one build: made once, in-process. */
  static final Path MEDIA = Path.of(System.getProperty("user.dir"), "target", "test-media");

  @TempDir Path dir;
  MediaServer origin;
  AssetStore store;
  LoopbackServer server;

  @BeforeEach
  void startAll() throws IOException {
    origin = MediaServer.start();
    store = AssetStore.open(dir.resolve("cache"));
    server = configure(LoopbackServer.builder(store).defaultOptions(options().build())).start();
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      awaitCondition("every connection of the server closed: " + server.stats(), () -> server.stats().openConnections() == 0);
    } finally {
      server.close();
      store.close();
      origin.close();
    }
  }

  /** The server's settings; a test class may shorten timeouts. */
  LoopbackServer.Builder configure(LoopbackServer.Builder builder) {
    return builder;
  }

  FileSourceOptions.Builder options() {
    return FileSourceOptions.builder(store)
        .readTimeout(DEADLINE)
        .stallTimeout(Duration.ofSeconds(2))
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build());
  }

  /** Serves {@code content} at {@code path} on the origin and registers it with the server. */
  URI serve(String path, byte[] content) {
    origin.serve(path, content);
    return server.urlFor(origin.uri(path));
  }

  static byte[] sample(SampleMedia media) throws IOException {
    return Files.readAllBytes(media.cachedIn(MEDIA));
  }

  /** Polls {@code condition} until it holds or {@link #DEADLINE} passes. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) throw new AssertionError("not within " + DEADLINE + ": " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }

  static void assertStatus(int expected, Curl.Result result) {
    assertEquals(expected, result.status(), () -> result.toString());
  }
}
