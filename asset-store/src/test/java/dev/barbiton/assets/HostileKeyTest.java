package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class HostileKeyTest {
  @TempDir Path root;

  @Test
  void hostileKeys_createFilesOnlyInsideTheDirectory_andRoundTrip() throws Exception {
    Path dir = root.resolve("cache");
    List<ResourceKey> keys = List.of(
        ResourceKey.of("../../etc/passwd"),
        ResourceKey.of("/etc/shadow"),
        ResourceKey.of("a\u0000b"),
        ResourceKey.of("..\\..\\windows"),
        ResourceKey.of("ключ/видео ☃"),
        ResourceKey.of("\ud800 lone surrogate"),
        ResourceKey.of("x".repeat(200_000)),
        ResourceKey.forUrl("https://h/../../../etc/passwd"));
    try (AssetStore store = AssetStore.open(dir)) {
      for (ResourceKey key : keys) {
        try (AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
          w.write(0, Pattern.buffer(key.hashCode(), 0, 100));
          w.commit(100);
        }
      }
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        assertTrue(p.equals(root) || p.getParent().equals(dir) || p.equals(dir), "file outside the cache: " + p);
      }
    }
    try (AssetStore store = AssetStore.open(dir)) {
      assertEquals(keys.size(), store.stats().resources());
      for (ResourceKey key : keys) {
        try (AssetResource r = store.acquire(key)) {
          assertTrue(r.isCommitted(), key.toString());
          assertEquals(key, r.key());
        }
      }
    }
  }
}
