package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A cache directory that cannot hold a store: a typed error naming it and what is wrong. */
@Timeout(60)
class StoreDirectoryTest {
  @TempDir Path dir;

  @Test
  void aFile_notADirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("cache"), "a file");
    StoreDirectoryException e = assertThrows(StoreDirectoryException.class, () -> AssetStore.open(file));
    assertEquals(StoreDirectoryException.Problem.NOT_A_DIRECTORY, e.problem());
    assertEquals(file, e.directory());
    assertEquals("cache directory " + file + " cannot be used: it is not a directory", e.getMessage());
    assertEquals("a file", Files.readString(file), "left alone");
  }

  @Test
  void belowAFile_notADirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "a file");
    Path cache = file.resolve("cache");
    StoreDirectoryException e = assertThrows(StoreDirectoryException.class, () -> AssetStore.open(cache));
    assertEquals(StoreDirectoryException.Problem.NOT_A_DIRECTORY, e.problem());
    assertTrue(e.getMessage().startsWith("cache directory " + cache + " cannot be used: a part of its path is not a directory"),
        e.getMessage());
  }

  @Test
  void aReadOnlyDisk_notWritable() throws Exception {
    try (SmallDisk disk = mountOrSkip(dir.resolve("ro"), "1m")) {
      Path cache = Files.createDirectory(disk.path().resolve("cache"));
      Process remount = new ProcessBuilder("mount", "-o", "remount,ro", disk.path().toString()).redirectErrorStream(true).start();
      Assumptions.assumeTrue(remount.waitFor() == 0, "cannot remount read-only");
      StoreDirectoryException e = assertThrows(StoreDirectoryException.class, () -> AssetStore.open(cache));
      assertEquals(StoreDirectoryException.Problem.NOT_WRITABLE, e.problem());
      assertTrue(e.getMessage().startsWith("cache directory " + cache + " cannot be used: it is not writable: Read-only file system"),
          e.getMessage());
    }
  }

  @Test
  void aDiskWithNoRoomForTheLockFile_noSpace() throws Exception {
    // Two inodes: the root and the cache directory; the lock file finds none.
    try (SmallDisk disk = mountOrSkip(dir.resolve("full"), "1m,nr_inodes=2")) {
      Path cache = disk.path().resolve("cache");
      StoreDirectoryException e = assertThrows(StoreDirectoryException.class, () -> AssetStore.open(cache));
      assertEquals(StoreDirectoryException.Problem.NO_SPACE, e.problem(), e.getMessage());
      assertTrue(e.getMessage().startsWith("cache directory " + cache + " cannot be used: no space left on its disk"),
          e.getMessage());
    }
  }

  @Test
  void aDirectoryItsOwnerCannotWrite_notWritable() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
    Path cache = Files.createDirectory(dir.resolve("locked-down"));
    assertTrue(cache.toFile().setWritable(false, false));
    try {
      StoreDirectoryException e = assertThrows(StoreDirectoryException.class, () -> AssetStore.open(cache));
      assertEquals(StoreDirectoryException.Problem.NOT_WRITABLE, e.problem());
    } finally {
      cache.toFile().setWritable(true, false);
    }
  }

  private static SmallDisk mountOrSkip(Path mountPoint, String size) throws Exception {
    try {
      return SmallDisk.mount(mountPoint, size);
    } catch (SmallDisk.CannotMount e) {
      Assumptions.abort(e.getMessage());
      return null;
    }
  }
}
