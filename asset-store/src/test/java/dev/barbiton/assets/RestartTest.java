package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RestartTest {
  private static final long SEED = 5;
  @TempDir Path dir;

  @Test
  void closeAndReopen_rangesAndValidatorsComeBack_byteExact() throws Exception {
    ResourceKey partial = ResourceKey.forUrl("https://cdn.example/part.mp4?sig=abc");
    ResourceKey complete = ResourceKey.of("complete-one");
    ResourceMetadata metadata = ResourceMetadata.builder()
        .etag("\"v1-abc\"").lastModified("Wed, 21 Oct 2026 07:28:00 GMT").contentType("video/mp4")
        .custom("codec", "avc1").build();
    try (AssetStore store = AssetStore.open(dir)) {
      try (AssetResource r = store.acquire(partial); ResourceWriter w = r.claimWriter()) {
        w.setMetadata(metadata);
        w.setLength(1_000_000);
        w.write(0, Pattern.buffer(SEED, 0, 300_000));
        w.write(600_000, Pattern.buffer(SEED, 600_000, 1000));
      }
      try (AssetResource r = store.acquire(complete); ResourceWriter w = r.claimWriter()) {
        w.write(0, Pattern.buffer(SEED, 0, 4096));
        w.commit(4096);
      }
    }
    try (AssetStore store = AssetStore.open(dir)) {
      assertEquals(2, store.stats().resources());
      try (AssetResource r = store.acquire(partial)) {
        assertEquals(List.of(new ByteRange(0, 300_000), new ByteRange(600_000, 601_000)), r.available().ranges());
        assertEquals(metadata, r.metadata());
        assertEquals(Map.of("codec", "avc1"), r.metadata().custom());
        assertEquals(1_000_000, r.length().getAsLong());
        assertFalse(r.isCommitted());
        ByteBuffer dst = ByteBuffer.allocate(1000);
        assertEquals(1000, r.readAt(600_000, dst));
        assertEquals(-1, Pattern.firstMismatch(SEED, 600_000, dst, 0, 1000));
        // A new writer resumes from the first missing byte.
        try (ResourceWriter w = r.claimWriter()) {
          long from = w.available().firstMissing(0);
          assertEquals(300_000, from);
        }
      }
      try (AssetResource r = store.acquire(complete)) {
        assertTrue(r.isCommitted());
        ByteBuffer dst = ByteBuffer.allocate(8192);
        assertEquals(4096, r.readAt(0, dst));
        assertEquals(-1, Pattern.firstMismatch(SEED, 0, dst, 0, 4096));
        assertEquals(-1, r.readAt(4096, dst.clear()));
      }
    }
  }

  @Test
  void resourceThatFailedBeforeAnyByte_leavesNoFileBehind() throws Exception {
    try (AssetStore store = AssetStore.open(dir)) {
      try (AssetResource r = store.acquire(ResourceKey.of("never")); ResourceWriter w = r.claimWriter()) {
        w.setLength(1 << 20); // creates the sparse file
        w.fail(new java.io.IOException("HTTP 404"));
      }
      assertEquals(0, store.stats().resources());
    }
    try (var files = java.nio.file.Files.list(dir)) {
      assertEquals(List.of(".lock"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
