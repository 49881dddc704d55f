package dev.barbiton.file.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Stopping a process and whatever it started. On Java 9 and later through {@code ProcessHandle}
 * (descendants first, so none is left an orphan); on Android, which lacks it, the process alone.
 */
final class ProcessTrees {
  private static final boolean HANDLES = hasProcessHandle();

  private ProcessTrees() {}

  /** Asks the process and its descendants to end ({@code SIGTERM}). */
  static void terminate(Process process) {
    if (HANDLES) {
      signalTree(process, false);
    } else {
      process.destroy();
    }
  }

  /** Kills the process and its descendants ({@code SIGKILL}). */
  static void kill(Process process) {
    if (HANDLES) {
      signalTree(process, true);
    } else {
      process.destroyForcibly();
    }
  }

  @NewerJavaOnly
  private static void signalTree(Process process, boolean forcibly) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.toHandle().descendants().forEach(tree::add);
    for (ProcessHandle handle : tree) {
      if (forcibly) handle.destroyForcibly();
      else handle.destroy();
    }
    if (forcibly) process.destroyForcibly();
    else process.destroy();
  }

  private static boolean hasProcessHandle() {
    try {
      Class.forName("java.lang.ProcessHandle");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
