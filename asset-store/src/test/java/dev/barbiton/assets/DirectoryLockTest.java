package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.time.Duration;
import dev.barbiton.testing.ChildJava;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void secondStoreInThisProcess_failsWithCacheLocked() throws Exception {
    try (AssetStore first = AssetStore.open(dir)) {
      CacheLockedException e = assertThrows(CacheLockedException.class, () -> AssetStore.open(dir));
      assertEquals(dir.toAbsolutePath().normalize(), e.directory());
      assertTrue(e.getMessage().contains("another store in this process"), e.getMessage());
    }
    AssetStore.open(dir).close(); // released on close
  }

  @Test
  void secondStoreInAnotherProcess_failsWithCacheLocked_namingItsPid() throws Exception {
    try (ChildJava child = ChildJava.start(HoldStoreMain.class, List.of(), dir.toString())) {
      assertEquals("open", child.nextLine(Duration.ofSeconds(30)));
      CacheLockedException e = assertThrows(CacheLockedException.class, () -> AssetStore.open(dir));
      assertTrue(e.getMessage().contains("another process (pid " + child.pid() + ")"), e.getMessage());
      child.closeStdin(); // the signal to finish
      assertEquals(0, child.await(Duration.ofSeconds(60)));
    }
    AssetStore.open(dir).close();
  }
}
