package dev.barbiton.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's connection threads, which take turns accepting (leader/followers): the thread that
 * accepts a connection serves it, first making sure another thread is accepting (starting one if
 * none is), so a request is answered on the thread the kernel woke, with no hand-off to another (a
 * hand-off costs a context switch before every first byte, a few hundred µs on a busy machine).
 *
 * <p>At most {@code maxConnections + 1} threads: as many serving, and one that answers the next
 * connection 503 and closes it; after a burst, a thread that finds two others accepting ends.
 * Counters are atomics; no lock is held anywhere.
 */
final class Acceptor {
  private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
      + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

  private final LoopbackServer server;
  private final ServerSocketChannel listener;
  private final int maxConnections;
  private final String threadPrefix;
  /** The connection threads alive, to join at close. */
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threadCount = new AtomicInteger();
  private final AtomicInteger threadNumber = new AtomicInteger();
  /** Threads in {@code accept} or waiting for its lock. */
  private final AtomicInteger accepting = new AtomicInteger();
  /** Connections being served (not refused). */
  private final AtomicInteger serving = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  Acceptor(LoopbackServer server, ServerSocketChannel listener, int maxConnections, String threadPrefix) {
    this.server = server;
    this.listener = listener;
    this.maxConnections = maxConnections;
    this.threadPrefix = threadPrefix;
  }

  /** Starts two threads: one accepts, the other takes over while the first serves. */
  void start() {
    threadCount.addAndGet(2);
    startThread();
    startThread();
  }

  long accepted() {
    return accepted.get();
  }

  long refused() {
    return refused.get();
  }

  /** A connection being served ended: its slot comes back. */
  void ended() {
    serving.decrementAndGet();
  }

  /** Stops accepting: closes the listening socket; the threads end as their connections do. */
  void close() {
    closed.set(true);
    try {
      listener.close();
    } catch (IOException e) {
      server.log().debug("closing the listening socket failed", e);
    }
  }

  /** Waits until {@code deadlineNanos} (System.nanoTime) for the threads; logs those still running. */
  void join(long deadlineNanos) throws InterruptedException {
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (left > 0) thread.join(left);
      if (thread.isAlive()) server.log().warn("{} still running 5 s after close", thread.getName());
    }
  }

  /**
   * Starts a connection thread unless one is accepting already or there are {@code
   * maxConnections + 1} (as many serving, and one to refuse the next with 503).
   */
  private void ensureAcceptor() {
    if (accepting.get() > 0) return;
    for (;;) {
      int n = threadCount.get();
      if (n > maxConnections) return;
      if (threadCount.compareAndSet(n, n + 1)) break;
    }
    startThread();
  }

  /** Starts a connection thread, already counted in {@link #threadCount}. */
  private void startThread() {
    Thread thread = new Thread(this::acceptAndServe, threadPrefix + threadNumber.incrementAndGet());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /**
   * A connection thread's life: accept a connection, make sure another thread accepts meanwhile,
   * serve it on this thread, and again; end when the server closes, or when at least two other
   * threads are accepting (the spares a burst left behind).
   */
  private void acceptAndServe() {
    try {
      while (!closed.get()) {
        SocketChannel channel;
        accepting.incrementAndGet();
        try {
          channel = listener.accept();
        } catch (ClosedChannelException e) {
          return; // closed
        } catch (IOException e) {
          if (closed.get()) return;
          // Out of file descriptors, say: back off instead of spinning, then go on.
          server.log().warn("accepting a connection failed: {}", e.toString());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
          continue;
        } finally {
          accepting.decrementAndGet();
        }
        accepted.incrementAndGet();
        ensureAcceptor();
        if (serving.incrementAndGet() > maxConnections) {
          serving.decrementAndGet();
          refuse(channel);
          continue;
        }
        serve(channel);
        if (accepting.get() >= 2) return;
      }
    } finally {
      threadCount.decrementAndGet();
      threads.remove(Thread.currentThread());
    }
  }

  /** Serves {@code channel} on this thread until the connection ends. */
  private void serve(SocketChannel channel) {
    Connection connection = server.opened(channel);
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // headers and small bodies without delay
      if (closed.get()) throw new ClosedChannelException(); // close() may have gone through the connections
    } catch (IOException e) {
      connection.closeChannel();
      server.ended(connection, null);
      return;
    }
    connection.run(); // calls server.ended() at its end
  }

  /** Answers 503 on a connection past the limit and closes it: a few bytes into an empty socket buffer. */
  private void refuse(SocketChannel channel) {
    refused.incrementAndGet();
    try (channel) {
      channel.write(ByteBuffer.wrap(BUSY));
    } catch (IOException ignored) {
      // The client is gone already.
    }
  }
}
