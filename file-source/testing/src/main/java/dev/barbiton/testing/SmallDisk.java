package dev.barbiton.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a disk-full test ({@code mount -t tmpfs -o size=...}), which needs
 * root on Linux: where that is not permitted, {@link #mount} says why ({@link CannotMount}) and a
 * test skips itself with that reason.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** This machine does not let us mount a tmpfs (not root, not Linux); the message says why. */
  public static final class CannotMount extends IOException {
    CannotMount(String message) {
      super(message);
    }
  }

  /**
   * Mounts a tmpfs of {@code size} (e.g. "2m") at {@code mountPoint}.
   *
   * @throws CannotMount if this machine does not allow it
   */
  public static SmallDisk mount(Path mountPoint, String size) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    String why = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
    if (why != null) throw new CannotMount("cannot mount a " + size + " tmpfs to fill (needs root on Linux): " + why);
    return new SmallDisk(mountPoint);
  }

  public Path path() {
    return mountPoint;
  }

  /** Unmounts; lazily if something still has a file open there. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (run("umount", mountPoint.toString()) != null) {
      String why = run("umount", "-l", mountPoint.toString());
      if (why != null) throw new IOException("cannot unmount " + mountPoint + ": " + why);
    }
  }

  /** Runs a command; null when it exited 0, else why not. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not finish";
    }
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }
}
