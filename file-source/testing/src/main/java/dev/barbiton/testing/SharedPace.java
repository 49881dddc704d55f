package dev.barbiton.testing;

/**
 * One link's rate shared by every response that uses it, like a slow last mile under several
 * connections: each slice books the link for its bytes' time, after the slices booked before it.
 */
final class SharedPace {
  private final long bytesPerSecond;
  private long nextFree;

  SharedPace(long bytesPerSecond) {
    if (bytesPerSecond < 1) throw new IllegalArgumentException("bytesPerSecond < 1: " + bytesPerSecond);
    this.bytesPerSecond = bytesPerSecond;
  }

  long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** Books the link for {@code bytes} and returns when (on {@link System#nanoTime()}) they may go. */
  synchronized long book(long bytes) {
    long now = System.nanoTime();
    long start = Math.max(now, nextFree);
    nextFree = start + (long) (bytes * 1e9 / bytesPerSecond);
    return start;
  }
}
