package dev.barbiton.server;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Enforces the connections' deadlines: every tick, closes each connection whose deadline passed,
 * which ends the read or write it is blocked in with an {@code AsynchronousCloseException}.
 * Blocking socket channels have no timeouts of their own (a write has none at all), so this is
 * what bounds an idle connection, a slow request head (slowloris) and a client that stopped
 * reading.
 *
 * <p>One thread. It sleeps without ticking while there is no connection (no wake-ups for an idle
 * server); {@link #wake} (a connection was added) and {@link #close} signal it, {@link #wake} only
 * while it sleeps so: a signal per connection would cost a context switch on the way to every
 * first byte. No wake is lost: the thread sets {@link #parked} before it looks for connections,
 * and a connection is added to the set before {@link #wake} reads {@link #parked} (both volatile,
 * so one of the two sees the other); the signal is sent under {@link #lock}, which the thread
 * holds from setting the flag to waiting. {@link #lock}
 * guards {@code closed} and the condition only; the connections are a concurrent set it iterates
 * without a lock.
 */
final class Watchdog implements Runnable {
  private final Collection<Connection> connections;
  private final long tickNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private boolean closed;
  /** Whether the thread sleeps for want of connections (or is about to). */
  private volatile boolean parked;

  Watchdog(Collection<Connection> connections, long tickNanos) {
    this.connections = connections;
    this.tickNanos = tickNanos;
  }

  /** A tick short enough for the shortest timeout: a quarter of it, within 10–500 ms. */
  static long tickFor(long shortestTimeoutNanos) {
    long quarter = shortestTimeoutNanos / 4;
    return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.MILLISECONDS.toNanos(500), quarter));
  }

  @Override
  public void run() {
    try {
      for (;;) {
        lock.lock();
        try {
          parked = true;
          while (!closed && connections.isEmpty()) changed.await();
          parked = false;
          if (closed) return;
          changed.awaitNanos(tickNanos);
          if (closed) return;
        } finally {
          lock.unlock();
        }
        long now = System.nanoTime();
        for (Connection connection : connections) connection.expireIfPast(now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing; the thread ends
    }
  }

  /** A connection was added: start ticking if asleep. */
  void wake() {
    if (!parked) return;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
