package dev.barbiton.reliability;

import dev.barbiton.testing.ThreadDumps;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a child JVM by {@link FuzzRunner}, so that an input that crashes the JVM (a native fault
 * in FFmpeg) costs the child, not the run, and names itself. Reads jobs from a file, one a line:
 * {@code gen <index>} (input {@code index} of the seeded run) or {@code file <path>} (a kept
 * fixture), from line {@code startLine} on. Prints {@code start <id>} before each input, then
 * {@code ok <id> <outcome>} or {@code problem <id> <what>}; {@code done} at the end. A watchdog
 * prints {@code hang <id>} and a thread dump, then halts, if one input takes longer than the
 * deadline. Arguments: media directory, seed, max frames, deadline (ms), jobs file, start line.
 */
public final class FuzzChildMain {
  private FuzzChildMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    List<FuzzInputs.Base> bases = FuzzInputs.bases(Path.of(args[0]));
    long seed = ChaosRunner.parseSeed(args[1]);
    int maxFrames = Integer.parseInt(args[2]);
    long deadlineNanos = Long.parseLong(args[3]) * 1_000_000;
    List<String> jobs = Files.readAllLines(Path.of(args[4]));
    int startLine = Integer.parseInt(args[5]);

    AtomicReference<String> current = new AtomicReference<>();
    AtomicLong startedAt = new AtomicLong();
    Thread watchdog = new Thread(() -> {
      while (true) {
        String id = current.get();
        if (id != null && System.nanoTime() - startedAt.get() > deadlineNanos) {
          synchronized (out) {
            out.println("hang " + id);
            for (String line : ThreadDumps.all().split("\n")) out.println("dump " + line);
            out.flush();
          }
          Runtime.getRuntime().halt(3);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // a watchdog's tick, not a wait for a condition
      }
    }, "fuzz-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    for (int line = startLine; line < jobs.size(); line++) {
      String[] job = jobs.get(line).split(" ", 2);
      byte[] input = job[0].equals("gen")
          ? FuzzInputs.input(bases, seed, Integer.parseInt(job[1]))
          : Files.readAllBytes(Path.of(job[1]));
      String id = line + " " + job[0] + ":" + (job[0].equals("gen") ? job[1] : Path.of(job[1]).getFileName());
      synchronized (out) {
        out.println("start " + id);
      }
      startedAt.set(System.nanoTime());
      current.set(id);
      String result;
      try {
        result = "ok " + id + " " + FuzzTarget.check(input, maxFrames);
      } catch (FuzzTarget.Problem e) {
        result = "problem " + id + " " + e.getMessage() + (e.getCause() == null ? "" : " at " + where(e.getCause()));
      } catch (OutOfMemoryError e) {
        synchronized (out) {
          out.println("problem " + id + " OutOfMemoryError: " + e.getMessage());
          out.flush();
        }
        Runtime.getRuntime().halt(4); // a JVM after an OOM is no place to go on
        return;
      }
      current.set(null);
      synchronized (out) {
        out.println(result);
      }
    }
    synchronized (out) {
      out.println("done");
      out.flush();
    }
  }

  private static String where(Throwable t) {
    if (t == null || t.getStackTrace().length == 0) return "?";
    StringBuilder b = new StringBuilder();
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(6, frames.length); i++) b.append(i == 0 ? "" : " < ").append(frames[i]);
    return b.toString();
  }
}
