package dev.barbiton.events;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Hides the secrets URLs carry before they reach an event, a log line or an exception message.
 *
 * <p>Signed media URLs put their credentials in the query string ({@code ?token=...},
 * {@code X-Amz-Signature=...}) or in the userinfo ({@code https://user:pass@host/}); neither is
 * needed to tell which resource an event is about, so both are replaced by {@code ***}. The
 * scheme, host, port and path are kept because they are what an operator needs to read a log.
 *
 * <p>Both methods are pure, null-safe (null in, null out) and idempotent: redacting a redacted
 * string changes nothing.
 */
public final class Redaction {
  static final String MASK = "***";
  /** How many strings known to redact to themselves {@link #text} keeps: a power of two. */
  private static final int UNCHANGED_SIZE = 64;
  private static final AtomicReferenceArray<String> UNCHANGED = new AtomicReferenceArray<>(UNCHANGED_SIZE);

  private Redaction() {}

  /**
   * Returns {@code url} with its userinfo replaced by {@code ***@}, every query parameter value
   * replaced by {@code ***} (names kept; a parameter with no {@code =} is replaced as a whole,
   * since it may itself be a token), and its fragment removed. {@code url} is not validated:
   * text that is not a URL comes back unchanged unless it has a {@code ?} or {@code #}.
   *
   * <p>Example: {@code https://u:p@host/a.mp4?token=s3cret&x=1#t=10} becomes {@code
   * https://***@host/a.mp4?token=***&x=***}.
   */
  public static String url(String url) {
    if (url == null) return null;
    int length = url.length();
    int end = indexOf(url, '#', 0, length); // The fragment is dropped.
    int queryStart = indexOf(url, '?', 0, end);
    StringBuilder out = new StringBuilder(end + 8);

    int authorityStart = authorityStart(url, queryStart);
    int pathStart = 0;
    if (authorityStart >= 0) {
      int authorityEnd = indexOf(url, '/', authorityStart, queryStart);
      int at = url.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        out.append(url, 0, authorityStart).append(MASK).append('@');
        pathStart = at + 1;
      }
    }
    out.append(url, pathStart, queryStart);
    if (queryStart < end) {
      out.append('?');
      appendRedactedQuery(out, url, queryStart + 1, end);
    }
    return out.toString();
  }

  /**
   * Returns {@code text} with every URL-looking substring (anything around a {@code ://}, up to
   * whitespace or one of {@code " < > `}) passed through {@link #url(String)}. Punctuation that
   * ends a sentence ({@code . , ; : ! ? ) ] } '}) right after a URL is kept outside it. Text
   * without {@code ://} is returned as is.
   */
  public static String text(String text) {
    if (text == null) return null;
    int marker = text.indexOf("://");
    if (marker < 0) return text;
    // Events name their source by the same few strings, already redacted, again and again, and
    // each publish redacts its source twice (the bus, then EventMeta). So remember strings found
    // to be their own redaction: the check is then a hash and a compare. Only such strings are
    // kept, so the cache never holds a secret.
    int slot = text.hashCode() & (UNCHANGED_SIZE - 1);
    if (text.equals(UNCHANGED.get(slot))) return text;
    String redacted = redactText(text, marker);
    if (redacted.equals(text)) UNCHANGED.lazySet(slot, text);
    return redacted;
  }

  private static String redactText(String text, int firstMarker) {
    int marker = firstMarker;
    int length = text.length();
    StringBuilder out = new StringBuilder(length + 16);
    int copied = 0;
    while (marker >= 0) {
      int start = marker;
      while (start > copied && isSchemeChar(text.charAt(start - 1))) start--;
      int end = marker + 3;
      while (end < length && !isUrlTerminator(text.charAt(end))) end++;
      int urlEnd = end;
      while (urlEnd > marker + 3 && isTrailingPunctuation(text.charAt(urlEnd - 1))) urlEnd--;

      out.append(text, copied, start).append(url(text.substring(start, urlEnd)));
      copied = urlEnd;
      marker = text.indexOf("://", end);
    }
    return out.append(text, copied, length).toString();
  }

  /** Returns where the authority of {@code url} starts, or -1 if it has none. */
  private static int authorityStart(String url, int limit) {
    if (url.startsWith("//")) return 2; // Scheme-relative.
    int marker = url.indexOf("://");
    if (marker < 0 || marker >= limit) return -1;
    for (int i = 0; i < marker; i++) {
      if (!isSchemeChar(url.charAt(i))) return -1; // "://" is in the path, not after a scheme.
    }
    return marker + 3;
  }

  private static void appendRedactedQuery(StringBuilder out, String url, int from, int to) {
    int paramStart = from;
    while (paramStart <= to) {
      int paramEnd = indexOf(url, '&', paramStart, to);
      if (paramEnd > paramStart) {
        int equals = indexOf(url, '=', paramStart, paramEnd);
        if (equals < paramEnd) out.append(url, paramStart, equals + 1);
        out.append(MASK);
      }
      if (paramEnd < to) out.append('&');
      paramStart = paramEnd + 1;
    }
  }

  /** Returns the index of {@code c} in {@code s[from..to)}, or {@code to} if absent. */
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) return i;
    }
    return to;
  }

  private static boolean isSchemeChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '+' || c == '-' || c == '.';
  }

  private static boolean isUrlTerminator(char c) {
    return Character.isWhitespace(c) || Character.isISOControl(c)
        || c == '"' || c == '<' || c == '>' || c == '`';
  }

  private static boolean isTrailingPunctuation(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?'
        || c == ')' || c == ']' || c == '}' || c == '\'';
  }
}
