package dev.barbiton.assets;

import dev.barbiton.events.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The name of a cached resource.
 *
 * <p>A key comes either from a URL ({@link #forUrl}), normalized so that spellings of the same URL
 * share one resource, or from a caller's own string ({@link #of}) for URLs that change while the
 * content does not (signed or expiring URLs). The two kinds never collide: a custom key {@code
 * "https://a/b"} and the URL key for {@code https://a/b} name different resources.
 *
 * <p>On disk a resource is named by the SHA-256 of its key in hex, so no key, however hostile,
 * names a path outside the cache directory.
 *
 * <p>{@link #toString()} never shows query values or user info in clear; {@link #value()} does.
 */
public final class ResourceKey {
  /** Longest key accepted, in chars: a signed URL of several KiB fits many times over. */
  static final int MAX_LENGTH = 1 << 20;

  private static final String URL_PREFIX = "url:";
  private static final String CUSTOM_PREFIX = "key:";

  private final String value;
  private final String qualified;
  private final String fileId;

  private ResourceKey(String value, String qualified) {
    this.value = value;
    this.qualified = qualified;
    this.fileId = sha256Hex(qualified);
  }

  /**
   * The key for a caller-chosen name.
   *
   * @throws IllegalArgumentException if {@code key} is empty or longer than 1 Mi chars
   */
  public static ResourceKey of(String key) {
    checkLength(key);
    return new ResourceKey(key, CUSTOM_PREFIX + key);
  }

  /**
   * The key for a URL, normalized: scheme and host lower-cased, the scheme's default port
   * dropped, an empty path made {@code /}, the fragment and any user info dropped. The query is
   * kept: two URLs that differ in their query name two resources.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute URL with a host
   */
  public static ResourceKey forUrl(String url) {
    checkLength(url);
    try {
      return forUrl(new URI(url));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + Redaction.url(url), e);
    }
  }

  /** As {@link #forUrl(String)}. */
  public static ResourceKey forUrl(URI url) {
    if (url.getScheme() == null || url.getHost() == null) {
      throw new IllegalArgumentException("not an absolute URL with a host: " + Redaction.url(url.toString()));
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) port = -1;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    StringBuilder normalized = new StringBuilder(scheme).append("://").append(host);
    if (port != -1) normalized.append(':').append(port);
    normalized.append(path);
    if (url.getRawQuery() != null) normalized.append('?').append(url.getRawQuery());
    String value = normalized.toString();
    checkLength(value);
    return new ResourceKey(value, URL_PREFIX + value);
  }

  /** Rebuilds a key from its qualified form as stored in an index file; null if malformed. */
  static ResourceKey fromQualified(String qualified) {
    if (qualified.startsWith(URL_PREFIX)) {
      return new ResourceKey(qualified.substring(URL_PREFIX.length()), qualified);
    }
    if (qualified.startsWith(CUSTOM_PREFIX)) {
      return new ResourceKey(qualified.substring(CUSTOM_PREFIX.length()), qualified);
    }
    return null;
  }

  /** The key as given (custom) or as normalized (URL), secrets included. */
  public String value() {
    return value;
  }

  /** Whether this key was made from a URL. */
  public boolean isUrl() {
    return qualified.startsWith(URL_PREFIX);
  }

  /** The key with query values and user info redacted: safe for logs and events. */
  public String redacted() {
    return isUrl() ? Redaction.url(value) : Redaction.text(value);
  }

  /** The kind-qualified form, which is what gets hashed and stored. */
  String qualified() {
    return qualified;
  }

  /**
   * The name of this resource's files in the cache directory (the SHA-256 of the key): 64
   * lower-case hex digits. Shows a resource without showing its key.
   */
  public String fileId() {
    return fileId;
  }

  private static void checkLength(String key) {
    if (key.isEmpty()) throw new IllegalArgumentException("key is empty");
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("key longer than " + MAX_LENGTH + " chars: " + key.length());
    }
  }

  private static String sha256Hex(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      // Hash the UTF-16 code units, not an encoding of them: lossless even for lone surrogates.
      byte[] units = new byte[s.length() * 2];
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        units[2 * i] = (byte) (c >>> 8);
        units[2 * i + 1] = (byte) c;
      }
      return hex(digest.digest(units));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceKey other && qualified.equals(other.qualified);
  }

  @Override
  public int hashCode() {
    return qualified.hashCode();
  }

  @Override
  public String toString() {
    return "ResourceKey[" + redacted() + "]";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = Character.forDigit((bytes[i] >>> 4) & 0xf, 16);
      out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
    }
    return new String(out);
  }
}
