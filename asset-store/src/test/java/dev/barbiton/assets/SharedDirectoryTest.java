package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.time.Duration;
import dev.barbiton.testing.ChildJava;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes, one cache directory: while a child JVM writes and flushes a resource, every
 * attempt of this process to open a store there fails at once with {@link CacheLockedException}
 * naming the child, and touches nothing (no scan, no cleanup of the child's temporary index files,
 * no truncated lock file); the child commits undisturbed and its bytes are exact.
 */
@Timeout(120)
class SharedDirectoryTest {
  private static final long SIZE = 16L << 20;
  private static final long SEED = 4321;

  @TempDir Path dir;

  @Test
  void secondProcessStore_failsClearlyEveryTime_whileTheFirstWrites_nothingCorrupted() throws Exception {
    int refused = 0;
    try (ChildJava child = ChildJava.start(CrashWriterMain.class, List.of(), dir.toString(), Long.toString(SEED), Long.toString(SIZE))) {
      for (String line; !(line = child.nextLine(Duration.ofSeconds(60))).equals("committed"); ) {
        if (line.equals("<eof>")) throw new AssertionError("the writer died");
        // Between and during the child's flushes: each attempt must fail the same clean way.
        CacheLockedException e = assertThrows(CacheLockedException.class, () -> AssetStore.open(dir));
        assertTrue(e.getMessage().contains("another process (pid " + child.pid() + ")"), e.getMessage());
        assertEquals(Long.toString(child.pid()), Files.readString(dir.resolve(DirectoryLock.FILE_NAME)).trim(),
            "the lock file still names its holder");
        refused++;
      }
      child.closeStdin(); // the signal to finish
      assertEquals(0, child.await(Duration.ofSeconds(60)));
    }
    assertTrue(refused > 0, "the child committed before any attempt: nothing tested");
    try (AssetStore store = AssetStore.open(dir); AssetResource resource = store.acquire(ResourceKey.of("crash"))) {
      assertTrue(resource.isCommitted());
      assertEquals(SIZE, resource.length().getAsLong());
      ByteBuffer dst = ByteBuffer.allocate(1 << 20);
      for (long at = 0; at < SIZE; ) {
        dst.clear();
        int n = resource.readAt(at, dst);
        assertEquals(-1, Pattern.firstMismatch(SEED, at, dst, 0, n), "byte at " + at);
        at += n;
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(StoreScan.CORRUPT_SUFFIX)), "an index was set aside");
    }
  }
}
