package dev.barbiton.file.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.testing.SmallDisk;
import dev.barbiton.assets.StorageException;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download into a store on a full disk (a 2 MiB tmpfs): it fails at once with a {@link
 * StorageException} naming the resource, not retried and with no JVM error; the store reopens
 * consistent (what it claims is byte-exact) and the other resources are intact.
 */
@Timeout(60)
class DiskFullDownloadTest {
  @TempDir Path dir;
  private SmallDisk disk;
  private MediaServer server;

  @BeforeEach
  void mountAndServe() throws Exception {
    try {
      disk = SmallDisk.mount(dir.resolve("small"), "2m");
    } catch (SmallDisk.CannotMount e) {
      org.junit.jupiter.api.Assumptions.abort(e.getMessage());
    }
    server = MediaServer.start();
  }

  @AfterEach
  void unmount() throws Exception {
    if (server != null) server.close();
    if (disk != null) disk.close();
  }

  @Test
  void downloadOntoAFullDisk_failsTypedNamingTheResource_storeReopensConsistent_othersIntact() throws Exception {
    byte[] small = MediaServer.testContent(300_000, 1);
    byte[] big = MediaServer.testContent(4 << 20, 2);
    server.serve("/small.mp4", small);
    server.serve("/big.mp4", big);
    Path cache = disk.path().resolve("cache");
    String bigUrl = server.url("/big.mp4") + "?token=s3cret";
    try (AssetStore store = AssetStore.builder(cache).flushBytes(256 << 10).open()) {
      try (FileSource source = FileSource.open(server.uri("/small.mp4"), options(store))) {
        assertInstanceOf(DownloadOutcome.Finished.class, source.completion().get(30, TimeUnit.SECONDS));
      }
      try (FileSource source = FileSource.open(java.net.URI.create(bigUrl), options(store))) {
        DownloadOutcome outcome = source.completion().get(30, TimeUnit.SECONDS);
        DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, outcome, outcome::toString);
        StorageException e = assertInstanceOf(StorageException.class, failed.cause(), () -> String.valueOf(failed.cause()));
        assertTrue(e.getMessage().contains("/big.mp4?token=***"), "names the resource, redacted: " + e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(1, server.requests().stream().filter(r -> r.path().equals("/big.mp4")).count(), "a full disk is not retried");
        assertTrue(source.available().totalBytes() < big.length);
        assertCachedBytesExact(store, ResourceKey.forUrl(bigUrl), big);
      }
    } catch (StorageException closing) {
      // Closing may fail to persist on a full disk too; what follows checks that nothing broke.
    }
    try (AssetStore store = AssetStore.open(cache)) {
      try (AssetResource resource = store.acquire(ResourceKey.forUrl(server.url("/small.mp4")))) {
        assertTrue(resource.isCommitted(), "the other resource survived");
      }
      assertCachedBytesExact(store, ResourceKey.forUrl(server.url("/small.mp4")), small);
      assertCachedBytesExact(store, ResourceKey.forUrl(bigUrl), big);
      // The store works on: a complete resource reads with no request.
      int requests = server.requestCount();
      try (FileSource source = FileSource.open(server.uri("/small.mp4"), options(store))) {
        assertArrayEquals(small, source.newInputStream().readAllBytes());
      }
      assertEquals(requests, server.requestCount());
      assertTrue(store.remove(ResourceKey.forUrl(bigUrl)));
    }
  }

  private static FileSourceOptions options(AssetStore store) {
    return FileSourceOptions.builder(store).readTimeout(Duration.ofSeconds(10)).stallTimeout(Duration.ofSeconds(5))
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).build()).build();
  }

  /** Every byte the store claims for {@code key} equals {@code content}. */
  private static void assertCachedBytesExact(AssetStore store, ResourceKey key, byte[] content) throws IOException {
    try (AssetResource resource = store.acquire(key)) {
      ByteBuffer dst = ByteBuffer.allocate(64 << 10);
      for (ByteRange range : resource.available().ranges()) {
        for (long at = range.start(); at < range.end(); ) {
          dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
          int n = resource.readAt(at, dst, Duration.ofSeconds(1));
          assertTrue(Arrays.equals(dst.array(), 0, n, content, (int) at, (int) at + n), "claimed bytes at " + at + " are wrong");
          at += n;
        }
      }
    }
  }
}
