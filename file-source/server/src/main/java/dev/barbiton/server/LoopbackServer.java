package dev.barbiton.server;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP/1.1 server that gives players which take only a URL (ExoPlayer/Media3, VLC, mpv,
 * a browser's {@code <video>}, FFmpeg's executables, another process) the bytes of a {@link
 * dev.barbiton.file.FileSource} while it downloads.
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.builder(store).start()) {
 *   URI local = server.urlFor(URI.create("https://cdn.example.com/film.mp4"));
 *   player.play(local);   // http://127.0.0.1:PORT/<token>/film.mp4
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>What it serves.</b> {@link #urlFor} registers an origin URL with its options (headers,
 *       cache key, timeouts) and returns {@code http://127.0.0.1:PORT/<token>/<file name>}. The
 *       token is 128 random bits; only it selects what is served: an unknown token is 404, the
 *       file name is for players that look at an extension and is ignored, nothing of a request
 *       ever reaches the file system, and there is no listing. All requests for one token read
 *       one {@code FileSource}, opened at the first request: one download, shared, and nothing
 *       fetched twice. {@link #release} forgets a token and closes its source.
 *   <li><b>HTTP.</b> GET, HEAD and OPTIONS; {@code Range: bytes=a-b, a-, -n} → 206 with {@code
 *       Content-Range}; several ranges → 206 {@code multipart/byteranges} (at most 32 ranges,
 *       overlapping ones coalesced; more → 200); unsatisfiable → 416 with {@code Content-Range:
 *       bytes *}{@code /length}; an invalid {@code Range} → 200 with everything; {@code If-Range};
 *       {@code If-None-Match} and {@code If-Modified-Since} → 304; {@code If-Match} and {@code
 *       If-Unmodified-Since} → 412; {@code Content-Type} from the
 *       source's media info; {@code Content-Length} when the length is known, chunked when it is
 *       not — and then a range {@code a-b} is still 206, once its bytes are here, with {@code
 *       Content-Range: bytes a-b/*}; {@code Accept-Ranges}, and {@code ETag} and {@code
 *       Last-Modified} as the origin sent them; CORS headers and preflights ({@link Builder#cors});
 *       keep-alive and pipelining. Details in {@code Exchange} and {@code MediaResponse}.
 *   <li><b>While it downloads.</b> A response for bytes not yet here waits for them (at most the
 *       source options' read timeout: then 504 if nothing was sent yet), and a request far from
 *       the download moves the download there, as any reader of a {@code FileSource} does. A
 *       client that disconnects stops its response's wait at once. A failed download is 502 when
 *       no header was sent yet and a cut connection otherwise; it is logged (SLF4J logger {@code
 *       dev.barbiton.server.LoopbackServer}) with the URL redacted, and the next request starts a
 *       new download of what is missing.
 *   <li><b>Limits.</b> Binds {@code 127.0.0.1} (an ephemeral port unless {@link Builder#port} is
 *       set) and no other interface unless {@link Builder#bindAddress} says so; on loopback a
 *       {@code Host} other than a loopback name is refused (421), against DNS rebinding. At most
 *       {@link Builder#maxConnections} connections, each on a thread of its own (more are answered
 *       503 and closed). A request head over 16 KiB is 431 (414 for the request line); more than
 *       100 header lines, 431. A connection idle between requests ({@link Builder#idleTimeout}),
 *       a head that does not arrive whole in time ({@link Builder#headerTimeout}) and a client
 *       that stops reading ({@link Builder#writeTimeout}) are closed.
 * </ul>
 *
 * <p>Thread-safe: {@link #urlFor}, {@link #release}, {@link #stats} and {@link #close} may be
 * called from any thread. {@link #close} stops accepting, closes every connection and source, and
 * waits up to 5 s for the server's threads.
 *
 * <h2>Implementation</h2>
 *
 * <p>Parts: {@code Acceptor} runs the connection threads, which take turns accepting
 * (leader/followers: the thread that accepts a connection serves it, with no hand-off); {@code
 * Connection} reads one client's requests and {@code Exchange} answers each; {@code Registrations}
 * maps tokens to the registered sources. At most {@code maxConnections + 1} threads: as many
 * serving, and one that answers the next connection 503. One {@link Watchdog} thread enforces deadlines by closing sockets, since blocking channels have no
 * write timeout. Blocking I/O on plain socket channels: one request at a time per connection is
 * how HTTP/1.1 works, and a thread blocked in a read of the source is what waiting for the
 * download is. Bodies go from the cache's mapping into a direct buffer of the connection (from a
 * pool) and from there to the socket, the headers and the
 * first chunk in one gathering write. The registrations and the connections are concurrent
 * collections; no lock is held while calling out.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackServer.class);
  /** Bytes a connection moves per write: large writes keep the system calls per byte low. */
  static final int BODY_BUFFER_BYTES = 256 << 10;
  private static final int BACKLOG = 128;
  /**
   * 127.0.0.1, by address: {@code InetAddress.getLoopbackAddress()} may be {@code ::1}, as the
   * platform prefers, and a 127.0.0.1 URL is the one every player takes.
   */
  private static final InetAddress IPV4_LOOPBACK = ipv4Loopback();

  private final InetSocketAddress address;
  private final String urlAuthority;
  private final boolean checksHost;
  private final boolean cors;
  private final FileSourceOptions defaults;
  private final long idleTimeoutNanos;
  private final long headerTimeoutNanos;
  private final long writeTimeoutNanos;
  private final Registrations registrations = new Registrations();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
  private final Acceptor acceptor;
  private final Watchdog watchdog;
  private final Thread watchdogThread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  /** Null unless the builder enabled it. */
  private final StatusApi statusApi;
  private final String statusApiToken;

  private LoopbackServer(Builder b, ServerSocketChannel listener) throws IOException {
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.defaults = b.defaults;
    this.checksHost = b.bindAddress.isLoopbackAddress();
    this.cors = b.cors;
    this.urlAuthority = authority(b.bindAddress, address.getPort());
    this.idleTimeoutNanos = b.idleTimeout.toNanos();
    this.headerTimeoutNanos = b.headerTimeout.toNanos();
    this.writeTimeoutNanos = b.writeTimeout.toNanos();
    this.acceptor = new Acceptor(this, listener, b.maxConnections, "barbiton-server-" + address.getPort() + "-");
    this.statusApiToken = b.statusApiToken;
    this.statusApi = b.statusApiToken == null ? null : new StatusApi(this, b.defaults.store(), b.statusApiToken);
    long shortest = Math.min(idleTimeoutNanos, Math.min(headerTimeoutNanos, writeTimeoutNanos));
    this.watchdog = new Watchdog(connections, Watchdog.tickFor(shortest));
    this.watchdogThread = new Thread(watchdog, "barbiton-server-" + address.getPort() + "-watchdog");
    this.watchdogThread.setDaemon(true);
  }

  /** A builder whose {@link #urlFor(URI)} opens sources in {@code store} with default options. */
  public static Builder builder(AssetStore store) {
    return new Builder(FileSourceOptions.builder(Objects.requireNonNull(store, "store")).build());
  }

  /**
   * Registers {@code uri} with the server's default options ({@link Builder#defaultOptions}) and
   * returns its local URL.
   *
   * @throws IllegalArgumentException if {@code uri} is not a well-formed http(s) URL (the message
   *     shows it redacted)
   * @throws IllegalStateException if the server is closed
   */
  public URI urlFor(URI uri) {
    return urlFor(uri, defaults);
  }

  /**
   * Registers {@code uri} with {@code options} (its store, headers, cache key, read timeout …) and
   * returns {@code http://127.0.0.1:PORT/<token>/<file name>}: a new token on each call. The
   * source opens at the first request for it; {@link #release} or {@link #close} closes it.
   *
   * @throws IllegalArgumentException if {@code uri} is not a well-formed http(s) URL (the message
   *     shows it redacted)
   * @throws IllegalStateException if the server is closed
   */
  public URI urlFor(URI uri, FileSourceOptions options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    return URI.create("http://" + urlAuthority + registrations.register(uri, options));
  }

  /**
   * Forgets the token of {@code localUrl} (a URL {@link #urlFor} returned) and closes its source:
   * responses in progress are cut, later requests get 404. Returns false if the token is unknown.
   */
  public boolean release(URI localUrl) {
    return registrations.release(Objects.requireNonNull(localUrl, "localUrl").getRawPath());
  }

  /**
   * The token of the status API ({@link Builder#statusApi}), if it is on: send it as {@code
   * Authorization: Bearer <token>}. Keep it in the app: whoever holds it can pause and release
   * sources.
   */
  public java.util.Optional<String> statusApiToken() {
    return java.util.Optional.ofNullable(statusApiToken);
  }

  /** The port the server listens on. */
  public int port() {
    return address.getPort();
  }

  /** The address and port the server listens on. */
  public InetSocketAddress address() {
    return address;
  }

  public ServerStats stats() {
    return new ServerStats(connections.size(), acceptor.accepted(), acceptor.refused(), timedOut.get(), requests.get(),
        registrations.size());
  }

  /**
   * Stops accepting, closes every connection and source, waits up to 5 s for the server's threads.
   * Idempotent. An interrupt while waiting ends the wait and is kept.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    acceptor.close();
    registrations.close();
    for (Connection connection : connections) connection.closeChannel();
    watchdog.close();
    try {
      acceptor.join(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
      watchdogThread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LoopbackServer[" + urlAuthority + "]";
  }

  // ---- For the connections. ----

  Logger log() {
    return log;
  }

  Registration registration(String token) {
    return registrations.get(token);
  }

  /** Every registration, in the order they were made (the status API's). */
  java.util.List<Registration> registrations() {
    return registrations.all();
  }

  /** Forgets {@code registration} and closes its source; false if it was gone already. */
  boolean release(Registration registration) {
    return registrations.release(registration);
  }

  StatusApi statusApi() {
    return statusApi;
  }

  boolean checksHost() {
    return checksHost;
  }

  /** Whether responses carry CORS headers and OPTIONS preflights are answered. */
  boolean cors() {
    return cors;
  }

  long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  long headerTimeoutNanos() {
    return headerTimeoutNanos;
  }

  long writeTimeoutNanos() {
    return writeTimeoutNanos;
  }

  void countRequest() {
    requests.incrementAndGet();
  }

  void countTimeout() {
    timedOut.incrementAndGet();
  }

  ByteBuffer takeBuffer() {
    ByteBuffer buffer = buffers.poll();
    return buffer != null ? buffer : ByteBuffer.allocateDirect(BODY_BUFFER_BYTES);
  }

  /** A connection was accepted: it is tracked (closed at close, watched by the watchdog) until {@link #ended}. */
  Connection opened(SocketChannel channel) {
    Connection connection = new Connection(this, channel);
    connections.add(connection);
    watchdog.wake();
    return connection;
  }

  /** A connection ended: its slot and its buffer (null if it never had one) come back. */
  void ended(Connection connection, ByteBuffer buffer) {
    if (buffer != null) buffers.offer(buffer);
    connections.remove(connection);
    acceptor.ended();
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e); // only for an address of a wrong length
    }
  }

  /** How local URLs name the server: a loopback or wildcard address as 127.0.0.1 (or [::1]). */
  private static String authority(InetAddress bind, int port) {
    String host;
    if (bind.isAnyLocalAddress() || bind.isLoopbackAddress()) {
      host = bind instanceof Inet6Address ? "[::1]" : "127.0.0.1";
    } else {
      host = bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
    }
    return host + ":" + port;
  }

  /** Builds and starts a {@link LoopbackServer}. */
  public static final class Builder {
    private FileSourceOptions defaults;
    private InetAddress bindAddress = IPV4_LOOPBACK;
    private int port;
    private int maxConnections = 64;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(60);
    private boolean cors = true;
    private String statusApiToken;

    private Builder(FileSourceOptions defaults) {
      this.defaults = defaults;
    }

    /** The options {@link LoopbackServer#urlFor(URI)} uses; default: the store's with nothing else set. */
    public Builder defaultOptions(FileSourceOptions options) {
      this.defaults = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The port to listen on; default 0, an ephemeral port.
     *
     * @throws IllegalArgumentException if not in 0–65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port not in 0-65535: " + port);
      this.port = port;
      return this;
    }

    /**
     * The address to listen on; default 127.0.0.1. Anything but a loopback address makes the
     * sources reachable from other machines, by anyone who learns a URL: only for a LAN cast and
     * the like, on purpose. Off loopback the {@code Host} header is not checked.
     */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The most connections open at once, each with a thread and a 256 KiB buffer; default 64. One
     * more is answered 503 and closed.
     *
     * @throws IllegalArgumentException if {@code max < 1}
     */
    public Builder maxConnections(int max) {
      if (max < 1) throw new IllegalArgumentException("max < 1: " + max);
      this.maxConnections = max;
      return this;
    }

    /** How long a connection may wait for its next request; default 30 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** How long a request head may take from its first byte to its end; default 10 s. */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = positive(timeout, "headerTimeout");
      return this;
    }

    /**
     * How long one write of a response (at most 256 KiB) may take: a client that stops reading
     * for longer (a player paused for minutes) is disconnected, and asks again with a range when
     * it resumes; default 60 s.
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    /**
     * Whether a page of another origin may read the responses (CORS, for players in a page that
     * fetch media themselves: MSE players, a {@code <video crossorigin>}, canvas and Web Audio):
     * every response then carries {@code Access-Control-Allow-Origin: *} and exposes {@code
     * Content-Range}, {@code Content-Length}, {@code Accept-Ranges}, {@code ETag} and {@code
     * Last-Modified}, and an {@code OPTIONS} preflight for a registered URL is answered 204. The
     * token is what guards a URL either way; default true. A plain {@code <video src>} needs no CORS.
     */
    public Builder cors(boolean enabled) {
      this.cors = enabled;
      return this;
    }

    /**
     * Turns on the status API ({@code /api/v1/...}: list, inspect, pause, resume and release the
     * sources; the store's metrics) behind a new random token, which {@link
     * LoopbackServer#statusApiToken()} gives. It answers only on loopback, whatever the bind
     * address. Off by default.
     */
    public Builder statusApi() {
      return statusApi(Tokens.next());
    }

    /**
     * Turns on the status API behind {@code token}, which the app holds and sends as {@code
     * Authorization: Bearer <token>}.
     *
     * @throws IllegalArgumentException if the token is shorter than 16 characters or has
     *     characters other than visible ASCII
     */
    public Builder statusApi(String token) {
      Objects.requireNonNull(token, "token");
      if (token.length() < 16) throw new IllegalArgumentException("token shorter than 16 characters: " + token.length());
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c <= ' ' || c > '~') throw new IllegalArgumentException("token has a character that is not visible ASCII at " + i);
      }
      this.statusApiToken = token;
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @throws IOException if the address cannot be bound (a fixed port in use: {@link
     *     java.net.BindException})
     */
    public LoopbackServer start() throws IOException {
      ServerSocketChannel listener = ServerSocketChannel.open();
      LoopbackServer server;
      try {
        listener.bind(new InetSocketAddress(bindAddress, port), BACKLOG);
        server = new LoopbackServer(this, listener);
      } catch (IOException | RuntimeException e) {
        listener.close();
        throw e;
      }
      server.watchdogThread.start();
      server.acceptor.start();
      return server;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) throw new IllegalArgumentException(name + " <= 0: " + d);
      return d;
    }
  }
}
