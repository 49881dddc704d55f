package dev.barbiton.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request line and its header section (RFC 9112 sections 3 and 5), parsed strictly: what a real
 * client sends passes, anything a request-smuggling or a confused client could mean two ways is a
 * 400. Immutable once parsed.
 *
 * <p>Refused: a request line that is not three parts separated by single spaces; a method that is
 * not a token; a version other than {@code HTTP/1.x} (505 for {@code HTTP/2.0} and the like); a
 * target longer than {@value #MAX_TARGET} characters (414); a header line folded onto the one
 * before (obsolete line folding, RFC 9112 5.2), without a colon, with a name that is not a token
 * or with white space before its colon (RFC 9112 5.1); a NUL, a bare CR or another control
 * character other than tab in a value; more than {@value #MAX_HEADERS} header lines (431).
 */
final class RequestHead {
  static final int MAX_TARGET = 8 * 1024;
  static final int MAX_HEADERS = 100;

  private final String method;
  private final String target;
  private final int minorVersion;
  /** Lower-case names and their values, in order; parallel lists. */
  private final List<String> names;
  private final List<String> values;

  private RequestHead(String method, String target, int minorVersion, List<String> names, List<String> values) {
    this.method = method;
    this.target = target;
    this.minorVersion = minorVersion;
    this.names = names;
    this.values = values;
  }

  String method() {
    return method;
  }

  /** The request target as sent (RFC 9112 3.2): origin-form, absolute-form, or what else came. */
  String target() {
    return target;
  }

  /** True for HTTP/1.1 (and later 1.x), false for HTTP/1.0. */
  boolean http11() {
    return minorVersion >= 1;
  }

  /** The first value of header {@code lowerName}, or null. */
  String header(String lowerName) {
    int i = names.indexOf(lowerName);
    return i < 0 ? null : values.get(i);
  }

  /** The {@code index}-th value (0-based) of header {@code lowerName}, or null. */
  String header(String lowerName, int index) {
    int seen = 0;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(lowerName) && seen++ == index) return values.get(i);
    }
    return null;
  }

  /** How many times header {@code lowerName} occurs. */
  int count(String lowerName) {
    int n = 0;
    for (String name : names) {
      if (name.equals(lowerName)) n++;
    }
    return n;
  }

  /**
   * Whether the connection may carry another request after this one (RFC 9112 9.3): HTTP/1.1
   * unless a {@code Connection} header says {@code close}; HTTP/1.0 only with {@code keep-alive}.
   */
  boolean keepAlive() {
    boolean close = false;
    boolean keep = false;
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equals("connection")) continue;
      for (String option : values.get(i).split(",")) {
        String o = option.trim().toLowerCase(Locale.ROOT);
        if (o.equals("close")) close = true;
        if (o.equals("keep-alive")) keep = true;
      }
    }
    return !close && (http11() || keep);
  }

  /**
   * Parses the head in {@code bytes[from, to)}: the request line and header lines, each ended by
   * CRLF or a bare LF (RFC 9112 2.2 lets a recipient take LF alone), without the empty line that
   * ends the head.
   *
   * @throws HttpError 400, 414, 431 or 505 as the class documentation lists
   */
  static RequestHead parse(byte[] bytes, int from, int to) throws HttpError {
    List<String> lines = lines(bytes, from, to);
    String requestLine = lines.get(0);
    int sp1 = requestLine.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
      throw new HttpError(400, "malformed request line");
    }
    String method = requestLine.substring(0, sp1);
    String target = requestLine.substring(sp1 + 1, sp2);
    String version = requestLine.substring(sp2 + 1);
    if (!isToken(method)) throw new HttpError(400, "method is not a token");
    if (target.isEmpty()) throw new HttpError(400, "empty request target");
    if (target.length() > MAX_TARGET) throw new HttpError(414, "request target of " + target.length() + " characters");
    int minor = minorVersion(version);
    if (lines.size() - 1 > MAX_HEADERS) throw new HttpError(431, (lines.size() - 1) + " header lines");
    List<String> names = new ArrayList<>(lines.size() - 1);
    List<String> values = new ArrayList<>(lines.size() - 1);
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith(" ") || line.startsWith("\t")) throw new HttpError(400, "obsolete line folding");
      int colon = line.indexOf(':');
      if (colon <= 0) throw new HttpError(400, "header line without a name and a colon");
      String name = line.substring(0, colon);
      if (!isToken(name)) throw new HttpError(400, "header name is not a token (or has white space before its colon)");
      String raw = line.substring(colon + 1);
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if ((c < ' ' && c != '\t') || c == 0x7f) throw new HttpError(400, "control character in a header value");
      }
      String value = raw.trim(); // only SP and HTAB are left for trim to remove
      names.add(name.toLowerCase(Locale.ROOT));
      values.add(value);
    }
    return new RequestHead(method, target, minor, names, values);
  }

  /** HTTP/1.0 → 0, HTTP/1.1 → 1; other versions 505, text that is no version 400. */
  private static int minorVersion(String version) throws HttpError {
    if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
        || !Character.isDigit(version.charAt(5)) || !Character.isDigit(version.charAt(7))) {
      throw new HttpError(400, "malformed HTTP version");
    }
    if (version.charAt(5) != '1') throw new HttpError(505, "HTTP version " + version);
    return version.charAt(7) - '0';
  }

  /** The lines of the head, line ends removed; a CR anywhere but before LF is a 400. */
  private static List<String> lines(byte[] bytes, int from, int to) throws HttpError {
    List<String> lines = new ArrayList<>();
    int start = from;
    for (int i = from; i < to; i++) {
      if (bytes[i] != '\n') continue;
      int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
      lines.add(line(bytes, start, end));
      start = i + 1;
    }
    if (start < to) lines.add(line(bytes, start, to));
    if (lines.isEmpty()) throw new HttpError(400, "empty request");
    return lines;
  }

  private static String line(byte[] bytes, int start, int end) throws HttpError {
    for (int i = start; i < end; i++) {
      if (bytes[i] == '\r' || bytes[i] == 0) throw new HttpError(400, "bare CR or NUL in the head");
    }
    // ISO-8859-1: every byte is one char, so obs-text in a value survives and nothing is decoded.
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** RFC 9110 5.6.2: 1*tchar. */
  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }
}
