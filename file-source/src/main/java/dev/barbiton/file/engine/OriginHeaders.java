package dev.barbiton.file.engine;

import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps the caller's request headers ({@link FileSourceOptions#headers()}) on the origin of the
 * source's URL. OkHttp follows redirects itself and, when one leads to another host, drops only
 * {@code Authorization}: a {@code Cookie}, an API key or any other header we added would go along.
 * As a network interceptor this sees every hop, redirects included, and removes those headers from
 * a hop whose origin (scheme, host and port, RFC 6454) is not the source's.
 */
public final class OriginHeaders implements Interceptor {
  private final HttpUrl origin;
  private final Set<String> names;

  public OriginHeaders(HttpUrl origin, Set<String> names) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.names = Set.copyOf(names);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (names.isEmpty() || sameOrigin(request.url(), origin)) return chain.proceed(request);
    Request.Builder stripped = request.newBuilder();
    for (String name : names) stripped.removeHeader(name);
    return chain.proceed(stripped.build());
  }

  /** Whether two URLs share scheme, host and port. */
  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
