package dev.barbiton.file.engine;

/**
 * Whether a source's download may fetch: paused, its driver sends no request and the running one
 * is cancelled (by the source, through {@link DownloadDriver#pauseNow}); resumed, the driver goes
 * on from the bytes it has. Readers are not paused: a read of cached bytes returns at once, a read
 * of missing bytes waits (up to its timeout) for the resume.
 *
 * <p>Threads: any thread pauses, resumes and closes; the driver's thread waits in {@link
 * #awaitRunning}. {@link #lock} guards both flags; nothing is called while it is held.
 */
public final class PauseGate {
  private final Object lock = new Object();
  // Guarded by lock.
  private boolean paused;
  private boolean closed;
  /** A copy of {@code paused} for the driver's checks without the lock. */
  private volatile boolean pausedFlag;

  /** Pauses; returns false if it was paused already. */
  public boolean pause() {
    synchronized (lock) {
      if (paused) return false;
      paused = true;
      pausedFlag = true;
      return true;
    }
  }

  /** Resumes and wakes the driver; returns false if it was not paused. */
  public boolean resume() {
    synchronized (lock) {
      if (!paused) return false;
      paused = false;
      pausedFlag = false;
      lock.notifyAll();
      return true;
    }
  }

  public boolean isPaused() {
    return pausedFlag;
  }

  /** Ends every wait for good: the source closed. */
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  /**
   * Blocks while paused. Returns true to go on, false when the gate closed or the thread was
   * interrupted (its interrupt status kept).
   */
  boolean awaitRunning() {
    synchronized (lock) {
      while (paused && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed;
    }
  }
}
