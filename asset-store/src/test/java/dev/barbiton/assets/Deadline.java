package dev.barbiton.assets;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, never a fixed sleep. */
final class Deadline {
  private Deadline() {}

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      java.util.concurrent.locks.LockSupport.parkNanos(200_000); // poll the condition, not a timed guess
      if (Thread.interrupted()) throw new InterruptedException();
    }
  }

  /** Waits until {@code thread} is parked or waiting (so a wake-up test really tests a wake-up). */
  static void awaitBlocked(Thread thread) throws InterruptedException {
    await(thread.getName() + " to block", Duration.ofSeconds(10), () -> {
      Thread.State s = thread.getState();
      return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    });
  }
}
