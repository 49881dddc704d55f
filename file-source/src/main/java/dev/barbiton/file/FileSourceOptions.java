package dev.barbiton.file;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.events.EventBus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;

/**
 * How {@link FileSource#open} opens a URL. Immutable; {@link #newBuilder()} to change. Only the
 * store is required.
 */
public final class FileSourceOptions {
  /**
   * 256 GiB: past the largest single media files played in practice (an ultra-HD disc remux is
   * about 100 GB), far below the absurd claims the cap is there for (a petabyte, a body that never
   * ends), which would otherwise size a sparse cache file or fill the disk.
   */
  public static final long DEFAULT_MAX_LENGTH = 256L << 30;
  /** The most connections a download finds by trying unless told otherwise (see {@link #connections()}). */
  public static final int DEFAULT_CONNECTIONS = 4;

  private final AssetStore store;
  private final OkHttpClient client;
  private final EventBus eventBus;
  private final Map<String, String> headers;
  private final ResourceKey cacheKey;
  private final RetryPolicy retryPolicy;
  private final Duration readTimeout;
  private final Duration stallTimeout;
  private final long lookAhead;
  private final long maxLength;
  private final boolean acceptAnyContent;
  private final Executor executor;
  private final ByteRanges fetchOnly;
  private final int connections;
  private final boolean adaptiveConnections;

  private FileSourceOptions(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.client = b.client;
    this.eventBus = b.eventBus;
    this.headers = Map.copyOf(b.headers);
    this.cacheKey = b.cacheKey;
    this.retryPolicy = b.retryPolicy;
    this.readTimeout = b.readTimeout;
    this.stallTimeout = b.stallTimeout;
    this.lookAhead = b.lookAhead;
    this.maxLength = b.maxLength;
    this.acceptAnyContent = b.acceptAnyContent;
    this.executor = b.executor;
    this.fetchOnly = b.fetchOnly;
    this.connections = b.connections;
    this.adaptiveConnections = b.adaptiveConnections;
  }

  public static Builder builder(AssetStore store) {
    return new Builder(store);
  }

  public Builder newBuilder() {
    Builder b = new Builder(store);
    b.client = client;
    b.eventBus = eventBus;
    b.headers.putAll(headers);
    b.cacheKey = cacheKey;
    b.retryPolicy = retryPolicy;
    b.readTimeout = readTimeout;
    b.stallTimeout = stallTimeout;
    b.lookAhead = lookAhead;
    b.maxLength = maxLength;
    b.acceptAnyContent = acceptAnyContent;
    b.executor = executor;
    b.fetchOnly = fetchOnly;
    b.connections = connections;
    b.adaptiveConnections = adaptiveConnections;
    return b;
  }

  public AssetStore store() {
    return store;
  }

  /** The client to share; empty means a client of the library's own, shared by all sources. */
  public Optional<OkHttpClient> client() {
    return Optional.ofNullable(client);
  }

  /**
   * The bus the source publishes on: the one set here, else the store's ({@link
   * AssetStore#eventBus()}), so that one bus given to the store carries the downloads' and the
   * cache's events alike.
   */
  public Optional<EventBus> eventBus() {
    return eventBus != null ? Optional.of(eventBus) : store.eventBus();
  }

  /** Extra request headers (an {@code Authorization}, a {@code User-Agent}); never logged. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The cache key to use instead of the URL's own, for signed or expiring URLs. */
  public Optional<ResourceKey> cacheKey() {
    return Optional.ofNullable(cacheKey);
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** How long a reader waits for bytes before {@code ResourceTimeoutException}. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** How long the body may deliver nothing before the request is given up and resumed. */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /**
   * The most a reader may be ahead of the byte being downloaded and still wait for the running
   * request; default 8 MiB. Closer than that, the download moves to the reader when waiting would
   * take longer than a new request costs (measured throughput and time to first byte, at least 4
   * ms); farther, it always moves.
   */
  public long lookAhead() {
    return lookAhead;
  }

  /**
   * Whether any bytes may be cached; default false: the file's first bytes are checked before
   * anything is cached, and an HTML page, text or JSON where media was expected, or bytes that
   * contradict a media {@code Content-Type}, fail the download with {@link NotMediaException}.
   */
  public boolean acceptAnyContent() {
    return acceptAnyContent;
  }

  /**
   * The largest file accepted, in bytes; default {@value #DEFAULT_MAX_LENGTH} (256 GiB). A server
   * that declares a longer file ({@code Content-Length}, {@code Content-Range}) or sends more bytes
   * than that with an unknown length fails the download with {@link LengthLimitException}, before
   * the cache file is sized or written past it.
   */
  public long maxLength() {
    return maxLength;
  }

  /** Where the download runs; empty means a new daemon thread per source. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * The only bytes the download fetches of its own accord; empty (the default) means the whole
   * file. With ranges set, the download fetches the missing bytes of those ranges (clamped to the
   * length), then idles: the phase stays Downloading and {@link FileSource#completion()} stays
   * pending unless the ranges cover the whole file, and a reader blocked outside them still gets
   * its bytes (a request of 4 KiB from its position, doubling, up to 8 MiB, while the reader reads on
   * from where the last one ended). How a pre-cache
   * or a partial offline download fetches part of a file; a caller sees the ranges cached through
   * {@link FileSource#available()}.
   */
  public Optional<ByteRanges> fetchOnly() {
    return Optional.ofNullable(fetchOnly);
  }

  /**
   * The most connections one download uses at once; by default {@value #DEFAULT_CONNECTIONS},
   * found by trying ({@link #adaptiveConnections()}). A stretch of the file still to fetch is handed
   * to a request of its own only when at least 1 MiB is left for each; each such part is a ranged
   * request with {@code If-Range}, writing into the same resource; a reader that waits ahead of
   * them still gets the main request moved to it. At most the client's per-host request cap ({@code
   * Dispatcher.getMaxRequestsPerHost()}, 5 by default) are used. A part the server does not answer
   * with exactly its range of the same version (a 200, another range or ETag) ends, and the
   * download goes on over one connection. A server that ignores {@code Range} is read over one.
   */
  public int connections() {
    return connections;
  }

  /**
   * Whether the number of connections is found by trying (the default): the download starts with
   * one, measures the rate at which bytes are cached, and doubles the count (up to {@link
   * #connections()}) while each step brings at least a fifth more; at the first that does not, it
   * keeps the count before for the rest of the download (the parts of that step are cancelled).
   * An origin that limits each connection's rate gets the most in two steps; a link one
   * connection fills keeps one, and so does a connection at 100 MB/s or more, without trying
   * (there a second competes for the CPU and the disk). A step takes 0.7 s of measuring, so a
   * download shorter than that uses one connection, and a reader that moves the download starts
   * the measurement over. When false, a request that finds a long stretch missing cuts it at once
   * into {@link #connections()} parts.
   */
  public boolean adaptiveConnections() {
    return adaptiveConnections;
  }

  /** Builds {@link FileSourceOptions}. */
  public static final class Builder {
    private final AssetStore store;
    private OkHttpClient client;
    private EventBus eventBus;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ResourceKey cacheKey;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration stallTimeout = Duration.ofSeconds(15);
    private long lookAhead = 8 << 20;
    private long maxLength = DEFAULT_MAX_LENGTH;
    private boolean acceptAnyContent;
    private Executor executor;
    private ByteRanges fetchOnly;
    private int connections = DEFAULT_CONNECTIONS;
    private boolean adaptiveConnections = true;

    private Builder(AssetStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public Builder eventBus(EventBus eventBus) {
      this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
      return this;
    }

    /**
     * Adds a request header; {@code Range}, {@code If-Range} and {@code Accept-Encoding} are ours.
     * Headers go to the URL's origin (scheme, host, port) only: a redirect to another origin is
     * followed without them.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token, the value has a control
     *     character other than tab (a line break would smuggle another header) or a non-ASCII one,
     *     or the header is one the source manages; the message never shows the value
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      checkHeader(name, value);
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("range") || lower.equals("if-range") || lower.equals("accept-encoding")) {
        throw new IllegalArgumentException("header is managed by the source: " + name);
      }
      headers.put(name, value);
      return this;
    }

    public Builder cacheKey(ResourceKey cacheKey) {
      this.cacheKey = Objects.requireNonNull(cacheKey, "cacheKey");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    public Builder stallTimeout(Duration stallTimeout) {
      this.stallTimeout = positive(stallTimeout, "stallTimeout");
      return this;
    }

    public Builder lookAhead(long lookAhead) {
      if (lookAhead < 0) throw new IllegalArgumentException("lookAhead < 0: " + lookAhead);
      this.lookAhead = lookAhead;
      return this;
    }

    /**
     * Sets the largest file accepted (see {@link FileSourceOptions#maxLength()}).
     *
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public Builder maxLength(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxLength < 1: " + bytes);
      this.maxLength = bytes;
      return this;
    }

    /** See {@link FileSourceOptions#acceptAnyContent()}. */
    public Builder acceptAnyContent(boolean acceptAnyContent) {
      this.acceptAnyContent = acceptAnyContent;
      return this;
    }

    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** See {@link FileSourceOptions#fetchOnly()}; {@code null} for the whole file. */
    public Builder fetchOnly(ByteRanges ranges) {
      this.fetchOnly = ranges;
      return this;
    }

    /**
     * Exactly {@code connections} at once, not found by trying: see {@link
     * FileSourceOptions#connections()}; 1 for a single connection.
     *
     * @throws IllegalArgumentException if {@code connections} is not in 1 to 16
     */
    public Builder connections(int connections) {
      this.connections = checkConnections(connections);
      this.adaptiveConnections = false;
      return this;
    }

    /**
     * Up to {@code max} connections, as many as raise the rate: see {@link
     * FileSourceOptions#adaptiveConnections()}. The default, with {@value FileSourceOptions#DEFAULT_CONNECTIONS}.
     *
     * @throws IllegalArgumentException if {@code max} is not in 1 to 16
     */
    public Builder adaptiveConnections(int max) {
      this.connections = checkConnections(max);
      this.adaptiveConnections = true;
      return this;
    }

    private static int checkConnections(int connections) {
      if (connections < 1 || connections > 16) throw new IllegalArgumentException("connections not in 1..16: " + connections);
      return connections;
    }

    public FileSourceOptions build() {
      return new FileSourceOptions(this);
    }

    private static void checkHeader(String name, String value) {
      if (name.isEmpty()) throw new IllegalArgumentException("header name is empty");
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
          throw new IllegalArgumentException("header name has an illegal character at index " + i);
        }
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < ' ' && c != '\t') || c > '~') {
          // What OkHttp would refuse later, on the download's thread. The value may be a
          // credential: say where, never what.
          throw new IllegalArgumentException("value of header " + name + " has a control or non-ASCII character at index " + i);
        }
      }
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
