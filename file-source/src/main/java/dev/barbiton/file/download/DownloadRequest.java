package dev.barbiton.file.download;

import dev.barbiton.assets.ResourceKey;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to download offline: a URL, its request headers, the cache key, a priority and a range.
 * Immutable; built with {@link #builder(URI)}.
 *
 * <p>The headers are stored with the queue in the cache directory (so a restart can send them
 * again): keep the cache directory as private as the credentials they may hold.
 */
public final class DownloadRequest {
  private final URI uri;
  private final Map<String, String> headers;
  private final ResourceKey cacheKey;
  private final int priority;
  private final DownloadRange range;
  private final String id;

  private DownloadRequest(Builder b) {
    this.uri = b.uri;
    this.headers = Map.copyOf(b.headers);
    this.cacheKey = b.cacheKey;
    this.priority = b.priority;
    this.range = b.range;
    this.id = b.id;
  }

  /** A request for the whole of {@code uri} at priority 0. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  public Builder newBuilder() {
    Builder b = new Builder(uri);
    b.headers.putAll(headers);
    b.cacheKey = cacheKey;
    b.priority = priority;
    b.range = range;
    b.id = id;
    return b;
  }

  public URI uri() {
    return uri;
  }

  /** Extra request headers, as {@link dev.barbiton.file.FileSourceOptions.Builder#header} takes them. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The cache key to use instead of the URL's. */
  public Optional<ResourceKey> cacheKey() {
    return Optional.ofNullable(cacheKey);
  }

  /** The key the bytes are cached under: {@link #cacheKey()}, else the URL's. */
  public ResourceKey effectiveKey() {
    return cacheKey != null ? cacheKey : ResourceKey.forUrl(uri);
  }

  /** Higher runs first; among equals, the earlier added. Default 0. */
  public int priority() {
    return priority;
  }

  public DownloadRange range() {
    return range;
  }

  /** The id asked for; empty lets the manager choose one. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  @Override
  public String toString() {
    return "DownloadRequest[" + effectiveKey().redacted() + ", " + range + ", priority " + priority + "]";
  }

  /** Builds a {@link DownloadRequest}. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ResourceKey cacheKey;
    private int priority;
    private DownloadRange range = DownloadRange.whole();
    private String id;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** Adds a request header; checked as {@link dev.barbiton.file.FileSourceOptions.Builder#header} checks it, when the download starts. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder cacheKey(ResourceKey cacheKey) {
      this.cacheKey = Objects.requireNonNull(cacheKey, "cacheKey");
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder range(DownloadRange range) {
      this.range = Objects.requireNonNull(range, "range");
      return this;
    }

    /**
     * The download's id: 1 to 64 of {@code A-Z a-z 0-9 . _ -}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("id is not 1 to 64 of A-Z a-z 0-9 . _ -: " + id.length() + " characters");
      }
      this.id = id;
      return this;
    }

    public DownloadRequest build() {
      return new DownloadRequest(this);
    }
  }
}
