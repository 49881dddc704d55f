package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CorruptIndexTest {
  private static final ResourceKey VICTIM = ResourceKey.of("victim");
  private static final ResourceKey BYSTANDER = ResourceKey.of("bystander");

  @TempDir Path dir;

  private void writeTwoResources() throws Exception {
    try (AssetStore store = AssetStore.open(dir)) {
      for (ResourceKey key : new ResourceKey[] {VICTIM, BYSTANDER}) {
        try (AssetResource r = store.acquire(key); ResourceWriter w = r.claimWriter()) {
          w.write(0, Pattern.buffer(8, 0, 10_000));
        }
      }
    }
  }

  private Path indexOf(ResourceKey key) {
    return dir.resolve(key.fileId() + IndexFile.SUFFIX);
  }

  private void corruptAndReopen(UnaryOperator<byte[]> corruption, String expectedReason) throws Exception {
    writeTwoResources();
    Path index = indexOf(VICTIM);
    Files.write(index, corruption.apply(Files.readAllBytes(index)));
    try (EventBus bus = EventBus.create();
        Subscription events = bus.subscribe(SubscribeOptions.builder().types(AssetEvent.IndexDiscarded.class).build());
        AssetStore store = AssetStore.builder(dir).eventBus(bus).open()) {
      try (AssetResource victim = store.acquire(VICTIM)) {
        assertTrue(victim.available().isEmpty(), "claims " + victim.available());
      }
      try (AssetResource bystander = store.acquire(BYSTANDER)) {
        ByteBuffer dst = ByteBuffer.allocate(10_000);
        assertEquals(10_000, bystander.readAt(0, dst));
        assertEquals(-1, Pattern.firstMismatch(8, 0, dst, 0, 10_000));
      }
      Event event = events.poll();
      AssetEvent.IndexDiscarded discarded = assertInstanceOf(AssetEvent.IndexDiscarded.class, event);
      assertTrue(discarded.reason().contains(expectedReason), discarded.reason());
    }
    assertTrue(Files.exists(index.resolveSibling(index.getFileName() + StoreScan.CORRUPT_SUFFIX)), "set aside");
    assertFalse(Files.exists(dir.resolve(VICTIM.fileId() + StoreConfig.DATA_SUFFIX)), "untrusted bytes deleted");
  }

  @Test
  void truncatedIndex_isSetAside_andClaimsNothing() throws Exception {
    corruptAndReopen(b -> Arrays.copyOf(b, b.length / 2), "checksum");
  }

  @Test
  void randomBytes_areSetAside() throws Exception {
    corruptAndReopen(b -> {
      byte[] garbage = new byte[b.length];
      new Random(3).nextBytes(garbage);
      return garbage;
    }, "bad magic");
  }

  @Test
  void flippedByteInRanges_failsTheChecksum() throws Exception {
    corruptAndReopen(b -> {
      b[b.length - 10] ^= 0x40;
      return b;
    }, "checksum");
  }

  @Test
  void anotherProgramsFile_isSetAside() throws Exception {
    corruptAndReopen(b -> "{\"json\": \"from another program\"}".getBytes(), "bad magic");
  }

  @Test
  void emptyIndex_isSetAside() throws Exception {
    corruptAndReopen(b -> new byte[0], "truncated");
  }

  @Test
  void indexClaimingMoreThanTheDataFileHolds_isNotTrusted() throws Exception {
    writeTwoResources();
    Files.write(dir.resolve(VICTIM.fileId() + StoreConfig.DATA_SUFFIX), new byte[100]);
    try (AssetStore store = AssetStore.open(dir); AssetResource victim = store.acquire(VICTIM)) {
      assertTrue(victim.available().isEmpty());
    }
  }

  @Test
  void indexCopiedUnderAnotherResourcesName_isNotTrusted() throws Exception {
    writeTwoResources();
    ResourceKey other = ResourceKey.of("other");
    Files.copy(indexOf(VICTIM), indexOf(other));
    Files.copy(dir.resolve(VICTIM.fileId() + StoreConfig.DATA_SUFFIX), dir.resolve(other.fileId() + StoreConfig.DATA_SUFFIX));
    try (AssetStore store = AssetStore.open(dir); AssetResource r = store.acquire(other)) {
      assertTrue(r.available().isEmpty(), "bytes of one key are never served for another");
    }
  }

  @Test
  void leftoverTempIndexAndOrphanData_areCleanedOnOpen() throws Exception {
    Files.writeString(dir.resolve("abc" + IndexFile.TEMP_SUFFIX), "half a flush");
    Files.writeString(dir.resolve("def" + StoreConfig.DATA_SUFFIX), "bytes nobody claims");
    AssetStore.open(dir).close();
    assertFalse(Files.exists(dir.resolve("abc" + IndexFile.TEMP_SUFFIX)));
    assertFalse(Files.exists(dir.resolve("def" + StoreConfig.DATA_SUFFIX)));
  }
}
