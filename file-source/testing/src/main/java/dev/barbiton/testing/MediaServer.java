package dev.barbiton.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * An HTTP/1.1 media server on an ephemeral loopback port, for tests: serves byte arrays with
 * strong ETags, Last-Modified and byte ranges (RFC 9110 section 14), injects {@link Fault}s at
 * exact body-byte positions, and records every request.
 *
 * <pre>{@code
 * try (MediaServer server = MediaServer.start()) {
 *   server.serve("/a.mp4", bytes).contentType("video/mp4").next(Fault.disconnectAfter(1000));
 *   ... fetch server.url("/a.mp4") ...
 *   server.awaitIdle(Duration.ofSeconds(5));
 *   assertEquals("bytes=1000-", server.requests().get(1).header("Range"));
 * }
 * }</pre>
 *
 * <p>Protocol: GET and HEAD; keep-alive unless the client asks to close or a fault ends the
 * connection. {@code Range} with one {@code bytes} range ({@code a-b}, {@code a-}, {@code -n}) is
 * answered 206 (the end clamped to the content), an unsatisfiable one 416 with
 * {@code Content-Range: bytes *}{@code /total}; a syntactically invalid or multi-range
 * {@code Range} is ignored (200, as RFC 9110 allows). {@code If-Range} matches only the current
 * strong ETag, or exactly the current Last-Modified date; on a mismatch the answer is 200 with the
 * whole current body. Unknown paths get 404, other methods 405.
 *
 * <p>Threads: one accept thread and one thread per connection (at most {@value #MAX_CONNECTIONS}
 * at once; more wait in the listen backlog). Idle keep-alive connections are closed after
 * {@value #IDLE_TIMEOUT_MILLIS} ms. Throttling and pauses wait on a latch that {@link #close}
 * releases, so close is prompt: it closes the listening socket and every connection, then waits
 * for the connection threads to end.
 *
 * <p>A bug inside the server (an unexpected {@code RuntimeException} on a connection thread) is
 * kept and thrown by {@link #close} as an {@link AssertionError}, so it fails the test.
 */
public final class MediaServer implements AutoCloseable {
  static final int MAX_CONNECTIONS = 128;
  static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket serverSocket;
  private final String origin;
  private final Map<String, MediaResource> resources = new ConcurrentHashMap<>();
  private final Map<String, RawResponder> rawResponders = new ConcurrentHashMap<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService connectionThreads;
  private final Semaphore connectionPermits = new Semaphore(MAX_CONNECTIONS);
  private final Thread acceptThread;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicLong bodyBytesSent = new AtomicLong();
  private final List<Throwable> bugs = new CopyOnWriteArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final List<Exchange> exchanges = new ArrayList<>();
  private int taken;

  private MediaServer() throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    origin = "http://127.0.0.1:" + serverSocket.getLocalPort();
    int port = serverSocket.getLocalPort();
    AtomicInteger threadCount = new AtomicInteger();
    connectionThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "MediaServer-" + port + "-connection-" + threadCount.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    acceptThread = new Thread(this::acceptLoop, "MediaServer-" + port + "-accept");
    acceptThread.setDaemon(true);
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. Close it to release the port. */
  public static MediaServer start() throws IOException {
    MediaServer server = new MediaServer();
    server.acceptThread.start();
    return server;
  }

  /**
   * Serves a copy of {@code content} at {@code path} (starting with '/'; the query of a request is
   * ignored when matching) and returns the resource, to configure further.
   *
   * @throws IllegalArgumentException if the path is already served
   */
  public MediaResource serve(String path, byte[] content) {
    checkPath(path);
    MediaResource resource = new MediaResource(path, content);
    if (resources.putIfAbsent(path, resource) != null) {
      throw new IllegalArgumentException("already served: " + path);
    }
    return resource;
  }

  /**
   * Answers every request for {@code path} with whatever {@code responder} writes (status line,
   * headers, body), then closes the connection: the raw mode, for answers no fault describes. The
   * requests are recorded like any other, with status 0 (the server does not parse what the
   * responder wrote) and no body bytes counted.
   *
   * @throws IllegalArgumentException if the path is already served
   */
  public void serveRaw(String path, RawResponder responder) {
    checkPath(path);
    if (resources.containsKey(path) || rawResponders.putIfAbsent(path, responder) != null) {
      throw new IllegalArgumentException("already served: " + path);
    }
  }

  /**
   * The resource at {@code path}.
   *
   * @throws IllegalArgumentException if none is served there
   */
  public MediaResource resource(String path) {
    MediaResource resource = resources.get(path);
    if (resource == null) throw new IllegalArgumentException("not served: " + path);
    return resource;
  }

  /** Same as {@code resource(path).replace(newContent)}: a new version with a new ETag. */
  public MediaResource replace(String path, byte[] newContent) {
    return resource(path).replace(newContent);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:port/path}. */
  public String url(String path) {
    checkPath(path);
    return origin + path;
  }

  public HttpUrl httpUrl(String path) {
    return HttpUrl.get(url(path));
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  /** Snapshots of every request received so far, in arrival order. */
  public List<ServedRequest> requests() {
    lock.lock();
    try {
      List<ServedRequest> result = new ArrayList<>(exchanges.size());
      for (Exchange e : exchanges) result.add(e.snapshot());
      return result;
    } finally {
      lock.unlock();
    }
  }

  public int requestCount() {
    lock.lock();
    try {
      return exchanges.size();
    } finally {
      lock.unlock();
    }
  }

  /** Response body bytes written to sockets so far, over all requests (framing excluded). */
  public long bodyBytesSent() {
    return bodyBytesSent.get();
  }

  /**
   * Waits for the next request not yet taken (in arrival order) and returns a snapshot of it,
   * taken as soon as its status is decided: its body may still be in progress.
   *
   * @throws AssertionError if no request arrives within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public ServedRequest takeRequest(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (taken == exchanges.size()) {
        if (nanos <= 0) {
          throw new AssertionError("no request within " + timeout + "; received: " + requests());
        }
        nanos = changed.awaitNanos(nanos);
      }
      return exchanges.get(taken++).snapshot();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every request received so far has completed (body sent, connection cut, or a
   * stall given up by the client), so that {@link #requests} and {@link #bodyBytesSent} are final
   * for them.
   *
   * @throws AssertionError if some response is still in progress after {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (exchanges.stream().anyMatch(e -> !e.completed)) {
        if (nanos <= 0) throw new AssertionError("still in progress after " + timeout + ": " + requests());
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting, closes every connection (which ends throttled, paused and stalled responses
   * at once), and waits up to 5 s for the connection threads. Idempotent. If interrupted while
   * waiting, stops waiting and restores the interrupt status.
   *
   * @throws AssertionError if a connection thread hit a bug in this server
   */
  @Override
  public void close() {
    if (closed.getCount() == 0) return;
    closed.countDown();
    try {
      serverSocket.close();
    } catch (IOException e) {
      bugs.add(e);
    }
    for (Socket socket : sockets) closeQuietly(socket);
    connectionThreads.shutdownNow();
    try {
      acceptThread.join(5_000);
      if (!connectionThreads.awaitTermination(5, TimeUnit.SECONDS)) {
        bugs.add(new IllegalStateException("connection threads still running 5 s after close"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!bugs.isEmpty()) {
      AssertionError error = new AssertionError("MediaServer failed: " + bugs.get(0), bugs.get(0));
      for (Throwable bug : bugs.subList(1, bugs.size())) error.addSuppressed(bug);
      throw error;
    }
  }

  /**
   * Deterministic pseudo-random test content: equal {@code seed} and {@code length} give equal
   * bytes, and a range of it differs from other ranges, so misplaced bytes show.
   */
  public static byte[] testContent(int length, long seed) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "MediaServer{" + origin + "}";
  }

  // ---- Used by MediaConnection. ----

  MediaResource find(String path) {
    return resources.get(path);
  }

  RawResponder findRaw(String path) {
    return rawResponders.get(path);
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  /**
   * Waits until {@code deadlineNanos} (System.nanoTime), or less if the server closes.
   *
   * @throws InterruptedIOException if the server closed or the thread was interrupted
   */
  void awaitDeadline(long deadlineNanos) throws InterruptedIOException {
    long nanos = deadlineNanos - System.nanoTime();
    if (nanos <= 0) return;
    try {
      if (closed.await(nanos, TimeUnit.NANOSECONDS)) throw new InterruptedIOException("server closed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  Exchange record(int connection, String method, String target, Headers headers, int status) {
    lock.lock();
    try {
      Exchange e = new Exchange(exchanges.size() + 1, connection, method, target, headers, status);
      exchanges.add(e);
      changed.signalAll();
      return e;
    } finally {
      lock.unlock();
    }
  }

  void sent(Exchange exchange, long bytes) {
    exchange.bodyBytes.addAndGet(bytes);
    bodyBytesSent.addAndGet(bytes);
  }

  void complete(Exchange exchange) {
    lock.lock();
    try {
      exchange.completed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void bug(Throwable t) {
    bugs.add(t);
  }

  /** One request and its response in progress; becomes a {@link ServedRequest} snapshot. */
  static final class Exchange {
    final int sequence;
    final int connection;
    final String method;
    final String target;
    final Headers headers;
    final int status;
    final AtomicLong bodyBytes = new AtomicLong();
    volatile boolean completed;

    Exchange(int sequence, int connection, String method, String target, Headers headers, int status) {
      this.sequence = sequence;
      this.connection = connection;
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.status = status;
    }

    ServedRequest snapshot() {
      boolean done = completed; // read before the count: a completed snapshot has the final count
      return new ServedRequest(sequence, connection, method, target, headers, status, bodyBytes.get(), done);
    }
  }

  private void acceptLoop() {
    while (!isClosed()) {
      Socket socket;
      try {
        connectionPermits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        connectionPermits.release();
        if (!isClosed()) bug(e);
        return;
      }
      sockets.add(socket);
      if (isClosed()) { // close() may have iterated the sockets already
        closeQuietly(socket);
        sockets.remove(socket);
        connectionPermits.release();
        return;
      }
      int number = connectionCount.incrementAndGet();
      try {
        connectionThreads.execute(() -> {
          try {
            new MediaConnection(this, socket, number).run();
          } finally {
            sockets.remove(socket);
            connectionPermits.release();
          }
        });
      } catch (RuntimeException e) { // rejected: closing
        closeQuietly(socket);
        sockets.remove(socket);
        connectionPermits.release();
      }
    }
  }

  private static void checkPath(String path) {
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
