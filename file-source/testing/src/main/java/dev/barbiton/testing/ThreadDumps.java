package dev.barbiton.testing;

import java.util.Comparator;
import java.util.Map;

/**
 * Thread dumps for the failure message of a test that ran past its deadline. (Stacks and states
 * only: the tests run in the library's module, which does not read {@code java.management}.)
 */
public final class ThreadDumps {
  private ThreadDumps() {}

  /** Every live thread with its state and full stack. */
  public static String all() {
    Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
    StringBuilder out = new StringBuilder(64 * 1024).append("thread dump, ").append(stacks.size()).append(" threads\n");
    stacks.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().getName())).forEach(e -> {
      Thread t = e.getKey();
      out.append('"').append(t.getName()).append("\" ").append(t.getState()).append(t.isDaemon() ? " daemon" : "").append('\n');
      for (StackTraceElement frame : e.getValue()) out.append("\tat ").append(frame).append('\n');
      out.append('\n');
    });
    return out.toString();
  }
}
