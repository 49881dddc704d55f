package dev.barbiton.examples.bench;

import java.time.Duration;

/** A point on {@link System#nanoTime()}'s clock by which one side of an iteration must be done. */
final class Deadline {
  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  /** The deadline {@code limit} from now. */
  static Deadline after(Duration limit) {
    if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("limit <= 0: " + limit);
    return new Deadline(System.nanoTime() + limit.toNanos());
  }

  boolean expired() {
    return remainingNanos() <= 0;
  }

  /** Nanoseconds left; zero or negative once expired. */
  long remainingNanos() {
    return atNanos - System.nanoTime();
  }
}
