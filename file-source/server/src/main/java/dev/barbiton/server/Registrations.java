package dev.barbiton.server;

import dev.barbiton.events.Redaction;
import dev.barbiton.file.FileSourceOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * The URLs the app registered, by token: what a request's token selects. Thread-safe (a
 * concurrent map); a registration is closed outside any lock.
 */
final class Registrations {
  private final Map<String, Registration> byToken = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  /**
   * Registers {@code uri} with {@code options} under a new token; returns the local path, {@code
   * /<token>/<file name>}.
   *
   * @throws IllegalArgumentException if {@code uri} is not a well-formed http(s) URL (the message
   *     shows it redacted)
   * @throws IllegalStateException if closed
   */
  String register(URI uri, FileSourceOptions options) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || HttpUrl.parse(uri.toString()) == null) {
      throw new IllegalArgumentException("not a well-formed http(s) URL: " + Redaction.url(uri.toString()));
    }
    if (closed) throw new IllegalStateException("server is closed");
    String token = Tokens.next();
    String name = fileName(uri);
    Registration registration = new Registration(token, Long.toString(ids.incrementAndGet()), uri, name, options);
    byToken.put(token, registration);
    if (closed) { // close() may have gone through the registrations already
      byToken.remove(token);
      registration.close();
      throw new IllegalStateException("server is closed");
    }
    return "/" + token + "/" + name;
  }

  /** The registration of {@code token}, or null. */
  Registration get(String token) {
    return byToken.get(token);
  }

  /** Forgets the token of a local {@code path} and closes its source; false if unknown. */
  boolean release(String path) {
    String token = Exchange.token(path);
    Registration registration = token == null ? null : byToken.remove(token);
    if (registration == null) return false;
    registration.close();
    return true;
  }

  /** Forgets {@code registration} and closes its source; false if it was gone already. */
  boolean release(Registration registration) {
    if (!byToken.remove(registration.token(), registration)) return false;
    registration.close();
    return true;
  }

  /** Every registration, by id: in the order they were registered. */
  java.util.List<Registration> all() {
    java.util.List<Registration> all = new java.util.ArrayList<>(byToken.values());
    all.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.id())));
    return all;
  }

  int size() {
    return byToken.size();
  }

  /** Closes every registration; later registrations fail. */
  void close() {
    closed = true;
    for (Registration registration : byToken.values()) registration.close();
    byToken.clear();
  }

  /**
   * The last path segment of {@code uri}, with characters other than {@code A-Z a-z 0-9 . - _} as
   * {@code _}, at most 100 of them, and {@code media} where that leaves nothing or a leading dot
   * (a client would resolve {@code .} and {@code ..} away).
   */
  static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    StringBuilder name = new StringBuilder(Math.min(last.length(), 100));
    for (int i = 0; i < last.length() && name.length() < 100; i++) {
      char c = last.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      name.append(ok ? c : '_');
    }
    if (name.length() == 0) return "media";
    if (name.charAt(0) == '.') name.insert(0, "media");
    return name.toString();
  }
}
