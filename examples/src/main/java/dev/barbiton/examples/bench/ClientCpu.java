package dev.barbiton.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time this JVM spends on a download it makes from its own in-process {@code
 * MediaServer}: the process's CPU time (all threads, GC and JIT among them) over the download,
 * less what the server's threads (named {@code MediaServer-…}) spent serving it. A client thread
 * that ends during the download still counts, being part of the process's time.
 */
final class ClientCpu {
  private static final String SERVER_THREADS = "MediaServer-";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processStart;
  private final Map<Long, Long> serverStart;

  private ClientCpu(long processStart, Map<Long, Long> serverStart) {
    this.processStart = processStart;
    this.serverStart = serverStart;
  }

  /** Starts measuring. */
  static ClientCpu start() {
    return new ClientCpu(processNanos(), serverThreadNanos());
  }

  /** The client's CPU nanoseconds since {@link #start()}. */
  long stop() {
    long process = processNanos() - processStart;
    long server = 0;
    for (Map.Entry<Long, Long> now : serverThreadNanos().entrySet()) {
      server += now.getValue() - serverStart.getOrDefault(now.getKey(), 0L);
    }
    return Math.max(0, process - server);
  }

  private static long processNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
  }

  private static Map<Long, Long> serverThreadNanos() {
    Map<Long, Long> nanos = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || !info.getThreadName().startsWith(SERVER_THREADS)) continue;
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) nanos.put(info.getThreadId(), cpu);
    }
    return nanos;
  }
}
