package dev.barbiton.file;

import dev.barbiton.assets.AssetStore;
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
  private final AssetStore store;
  private final OkHttpClient client;
  private final EventBus eventBus;
  private final Map<String, String> headers;
  private final ResourceKey cacheKey;
  private final RetryPolicy retryPolicy;
  private final Duration readTimeout;
  private final Duration stallTimeout;
  private final long lookAhead;
  private final Executor executor;

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
    this.executor = b.executor;
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
    b.executor = executor;
    return b;
  }

  public AssetStore store() {
    return store;
  }

  /** The client to share; empty means a client of the library's own, shared by all sources. */
  public Optional<OkHttpClient> client() {
    return Optional.ofNullable(client);
  }

  public Optional<EventBus> eventBus() {
    return Optional.ofNullable(eventBus);
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
   * How far ahead of the byte being downloaded a reader may block without moving the download:
   * closer demands are met by the running request, farther ones start a new request there.
   */
  public long lookAhead() {
    return lookAhead;
  }

  /** Where the download runs; empty means a new daemon thread per source. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
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
    private long lookAhead = 1 << 20;
    private Executor executor;

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

    /** Adds a request header; {@code Range}, {@code If-Range} and {@code Accept-Encoding} are ours. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
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

    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public FileSourceOptions build() {
      return new FileSourceOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
