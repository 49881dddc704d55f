package dev.barbiton.server;

import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.assets.ResourceMetadata;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.events.Redaction;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.media.MediaInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One request and its response: routing by token, the checks of RFC 9110/9112 a real client
 * relies on, ranges, and the body copied from the source as it downloads.
 *
 * <h2>Order of a GET or HEAD</h2>
 *
 * <ol>
 *   <li>Refusals that need no source: a method other than GET and HEAD (405), a request body
 *       (413, or 400 for a {@code Transfer-Encoding}), a missing or repeated {@code Host} (400), a
 *       {@code Host} that is not a loopback name on a loopback server (421: a page that rebinds
 *       its DNS name to 127.0.0.1 gets nothing), a target that is not {@code /<token>/...} of a
 *       registered token (404). Nothing of the target is ever used but the token: no file name
 *       reaches the file system, and there is no listing.
 *   <li>If the length is not known yet (a fresh download whose response headers are not in), the
 *       first bytes at the range's start (or at 0) are read first: once any byte is here, the
 *       origin's headers are, and the length if it sent one.
 *   <li>The range is resolved against the length: 200 whole, 206 with {@code Content-Range}, or
 *       416 with {@code Content-Range: bytes *}{@code /length}. With the length still unknown
 *       (the origin sent its body chunked) the answer is 200 with the whole body, chunked: a
 *       {@code Content-Range} needs the last position, which is not known before the end.
 *   <li>The first chunk of the body is read before anything is written, so a download that fails
 *       before it is an error status (502; 504 when the bytes did not come within the source's
 *       read timeout; 503 when the URL was released or the server is closing) and the connection
 *       stays usable. After the headers went out, a failure cuts the connection: the client sees
 *       fewer bytes than {@code Content-Length} (or no last chunk), never wrong ones.
 * </ol>
 *
 * <p>Waiting for bytes: the source reads wait {@link Registration#WAIT_SLICE} at a time; between
 * slices the response checks, without blocking, that its client is still connected. A client that
 * went away stops the wait at once, so its demand on the download (a read far ahead moves the
 * download there) ends with it; a client that stays waits at most the source's read timeout.
 */
final class Exchange {
  private static final String FALLBACK_TYPE = "application/octet-stream";
  /** How long a read backs off when it meets an earlier download's failure (see {@link #read}). */
  private static final long FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final LoopbackServer server;
  private final Connection connection;
  private final RequestHead head;
  private final boolean headOnly;
  private boolean keepAlive;

  Exchange(LoopbackServer server, Connection connection, RequestHead head) {
    this.server = server;
    this.connection = connection;
    this.head = head;
    this.headOnly = head.method().equals("HEAD");
    this.keepAlive = head.keepAlive();
  }

  /** Answers the request. Returns whether the connection may carry another. */
  boolean respond() throws IOException {
    StatusApi api = server.statusApi();
    if (api != null && StatusApi.isApiTarget(head.target())) return api.respond(connection, head);
    if (!headOnly && !head.method().equals("GET")) {
      // A body may follow that this server does not read: close after answering.
      return refuse(405, "Allow: GET, HEAD\r\n", false);
    }
    if (head.header("transfer-encoding") != null) return refuse(400, "", false);
    String contentLength = head.header("content-length");
    if (head.count("content-length") > 1) return refuse(400, "", false);
    if (contentLength != null && !contentLength.equals("0")) {
      return refuse(contentLength.chars().allMatch(Character::isDigit) ? 413 : 400, "", false);
    }
    String host = head.header("host");
    if (head.count("host") > 1 || (head.http11() && host == null)) return refuse(400, "", false); // RFC 9112 3.2
    if (host != null && server.checksHost() && !isLoopbackHost(host)) return refuse(421, "", keepAlive);
    String target = head.target();
    if (!target.startsWith("/") && !target.regionMatches(true, 0, "http://", 0, 7)) {
      return refuse(400, "", false); // asterisk or authority form: never a GET's (RFC 9112 3.2)
    }
    String token = token(target);
    Registration registration = token == null ? null : server.registration(token);
    if (registration == null) return refuse(404, "", keepAlive);

    Registration.Lease lease;
    try {
      lease = registration.acquire();
    } catch (IOException | RuntimeException e) {
      fail(registration, "opening", e);
      return refuse(503, "", keepAlive);
    }
    try {
      return serve(registration, lease.source);
    } finally {
      registration.release(lease);
    }
  }

  private boolean serve(Registration registration, FileSource source) throws IOException {
    ByteRange range = ByteRange.parse(head.count("range") == 1 ? head.header("range") : null);
    ByteBuffer buffer = connection.bodyBuffer();
    long buffered = -1; // the position of the bytes in buffer, if any
    long start;
    long end; // exclusive; -1 while unknown
    OptionalLong length = source.length();
    try {
      if (!length.isPresent()) {
        long probe = Math.max(0, range.first());
        if (read(registration, source, probe, buffer) > 0) buffered = probe;
        length = source.length();
      }
      if (range.kind() == ByteRange.Kind.SINGLE && !ifRangeAllows(source.metadata())) range = ByteRange.WHOLE;
      if (length.isPresent()) {
        long[] span = range.resolve(length.getAsLong());
        if (span == null) {
          return refuse(416, "Content-Range: bytes */" + length.getAsLong() + "\r\n", keepAlive);
        }
        start = span[0];
        end = span[1];
      } else {
        range = ByteRange.WHOLE;
        start = 0;
        end = -1;
      }
      if (buffered != start) {
        ((Buffer) buffer).clear();
        buffered = -1;
      }
      if (end >= 0 && buffer.position() > end - start) ((Buffer) buffer).position((int) (end - start));
      if (buffered < 0 && start != end) {
        limit(buffer, start, end);
        read(registration, source, start, buffer); // -1: an empty body of unknown length
      }
    } catch (ClientGoneException e) {
      return false;
    } catch (IOException e) {
      int status = statusFor(e);
      fail(registration, "reading", e);
      return refuse(status, "", keepAlive);
    }

    boolean chunked = end < 0 && head.http11();
    if (end < 0 && !chunked) keepAlive = false; // HTTP/1.0, length unknown: the close ends the body
    ((Buffer) buffer).flip();
    ByteBuffer headers = headers(source, range.kind() == ByteRange.Kind.SINGLE, start, end, length, chunked);
    if (headOnly) {
      connection.write(headers);
      return keepAlive;
    }
    long pos = start;
    boolean first = true;
    while (buffer.hasRemaining()) {
      int n = buffer.remaining();
      writeChunk(first ? headers : null, buffer, chunked);
      first = false;
      pos += n;
      if (end >= 0 && pos >= end) break;
      ((Buffer) buffer).clear();
      limit(buffer, pos, end);
      try {
        if (read(registration, source, pos, buffer) < 0) {
          if (end >= 0) throw new IOException("end of the source at " + pos + ", before " + end);
          break;
        }
      } catch (ClientGoneException e) {
        return false;
      } catch (IOException e) {
        fail(registration, "reading", e);
        return false; // the headers are out: cutting the connection is the only way to say it
      }
      ((Buffer) buffer).flip();
    }
    if (first) connection.write(headers);
    if (chunked) connection.write(ByteBuffer.wrap(LAST_CHUNK));
    return keepAlive;
  }

  /** Writes {@code body} (after {@code headers} when not null) in one gathering write. */
  private void writeChunk(ByteBuffer headers, ByteBuffer body, boolean chunked) throws IOException {
    if (chunked) {
      ByteBuffer size = ByteBuffer.wrap((Integer.toHexString(body.remaining()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      ByteBuffer crlf = ByteBuffer.wrap(CRLF);
      if (headers != null) connection.write(headers, size, body, crlf);
      else connection.write(size, body, crlf);
    } else if (headers != null) {
      connection.write(headers, body);
    } else {
      connection.write(body);
    }
  }

  private ByteBuffer headers(FileSource source, boolean partial, long start, long end, OptionalLong length, boolean chunked) {
    StringBuilder h = new StringBuilder(320);
    h.append(partial ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n");
    h.append("Date: ").append(HttpDates.now()).append("\r\n");
    h.append("Content-Type: ").append(contentType(source)).append("\r\n");
    if (length.isPresent()) {
      h.append("Accept-Ranges: bytes\r\n");
      h.append("Content-Length: ").append(end - start).append("\r\n");
      if (partial) {
        h.append("Content-Range: bytes ").append(start).append('-').append(end - 1).append('/')
            .append(length.getAsLong()).append("\r\n");
      }
    } else {
      h.append("Accept-Ranges: none\r\n");
      if (chunked) h.append("Transfer-Encoding: chunked\r\n");
    }
    ResourceMetadata metadata = source.metadata();
    metadata.etag().filter(Exchange::isHeaderValue).ifPresent(v -> h.append("ETag: ").append(v).append("\r\n"));
    metadata.lastModified().filter(Exchange::isHeaderValue)
        .ifPresent(v -> h.append("Last-Modified: ").append(v).append("\r\n"));
    if (!keepAlive) h.append("Connection: close\r\n");
    h.append("\r\n");
    return ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * The media type: sniffed from the first bytes and the origin's {@code Content-Type} together
   * (the origin's alone while those bytes are not here), else the origin's as sent, else {@value
   * #FALLBACK_TYPE}.
   */
  private static String contentType(FileSource source) {
    Optional<String> mime = source.mediaInfo().flatMap(MediaInfo::mimeType);
    if (mime.isPresent()) return mime.get();
    return source.metadata().contentType().filter(Exchange::isHeaderValue).orElse(FALLBACK_TYPE);
  }

  /**
   * Reads at {@code pos} into {@code dst}, waiting up to the registration's read timeout for a
   * byte; returns what {@link FileSource#readAt} does.
   *
   * @throws ClientGoneException if the client disconnected meanwhile
   * @throws ByteWaitTimeoutException if no byte came in time
   */
  private int read(Registration registration, FileSource source, long pos, ByteBuffer dst) throws IOException {
    long deadline = System.nanoTime() + registration.readTimeout().toNanos();
    for (;;) {
      try {
        return source.readAt(pos, dst);
      } catch (ResourceTimeoutException slice) {
        // One slice of the wait is over: go on only for a client that is still there.
      } catch (ResourceFailedException e) {
        // A new source's download clears an earlier one's failure when it claims the resource; a
        // read before that meets the old failure. Only this source's own outcome counts.
        if (source.completion().isDone()) throw e;
        LockSupport.parkNanos(FAILURE_BACKOFF_NANOS);
      }
      if (!connection.clientStillThere()) throw new ClientGoneException();
      if (System.nanoTime() - deadline >= 0) {
        throw new ByteWaitTimeoutException("no byte at " + pos + " within " + registration.readTimeout().toMillis() + " ms");
      }
    }
  }

  /** Limits {@code buffer} to the bytes before {@code end} (-1: unknown, no limit). */
  private static void limit(ByteBuffer buffer, long pos, long end) {
    if (end >= 0 && end - pos < buffer.remaining()) ((Buffer) buffer).limit(buffer.position() + (int) (end - pos));
  }

  /**
   * Whether {@code If-Range} (RFC 9110 13.1.5) lets the range apply: no {@code If-Range}, or one
   * that is the current strong ETag, or exactly the current {@code Last-Modified}. A weak ETag
   * never matches; so does nothing before the origin's validators are known.
   */
  private boolean ifRangeAllows(ResourceMetadata metadata) {
    String condition = head.header("if-range");
    if (condition == null) return true;
    if (condition.startsWith("\"")) {
      return metadata.etag().filter(e -> !e.startsWith("W/")).map(condition::equals).orElse(false);
    }
    if (condition.startsWith("W/")) return false;
    return metadata.lastModified().map(condition::equals).orElse(false);
  }

  private boolean refuse(int status, String extraHeaders, boolean keep) throws IOException {
    connection.sendStatus(status, extraHeaders, headOnly, keep);
    return keep;
  }

  /** The failure's status, before any header went out. */
  private static int statusFor(IOException e) {
    if (e instanceof ByteWaitTimeoutException) return 504;
    if (e instanceof ResourceClosedException || e instanceof InterruptedIOException) return 503;
    return 502; // the download failed: the origin's status, a network error, not media ...
  }

  /** Logs a response's failure; the URL redacted, and any URL in the messages too. */
  private void fail(Registration registration, String what, Exception e) {
    if (e instanceof ResourceClosedException) {
      server.log().debug("{} of {} ({}): the source was closed", head.method(), Redaction.url(registration.uri().toString()), what);
      return;
    }
    server.log().warn("{} of {} ({}) failed: {}", head.method(), Redaction.url(registration.uri().toString()),
        what, Redaction.text(String.valueOf(e)));
  }

  /**
   * The token of a target {@code /<token>} or {@code /<token>/<anything>} (origin-form, or the
   * absolute-form {@code http://host/...} that RFC 9112 3.2.2 says a server must accept), or null.
   */
  static String token(String target) {
    String path = target;
    if (path.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = path.indexOf('/', 7);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    if (!path.startsWith("/")) return null;
    int query = path.indexOf('?');
    if (query >= 0) path = path.substring(0, query);
    int end = path.indexOf('/', 1);
    String token = end < 0 ? path.substring(1) : path.substring(1, end);
    return Tokens.isWellFormed(token) ? token : null;
  }

  /**
   * Whether a {@code Host} names this machine's loopback: {@code localhost}, {@code 127.x.y.z} or
   * {@code [::1]}, with any port.
   */
  static boolean isLoopbackHost(String host) {
    String name = host;
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      if (close < 0) return false;
      name = name.substring(0, close + 1);
    } else {
      int colon = name.indexOf(':');
      if (colon >= 0) name = name.substring(0, colon);
    }
    name = name.toLowerCase(java.util.Locale.ROOT);
    if (name.equals("localhost") || name.equals("[::1]")) return true;
    if (!name.startsWith("127.")) return false;
    String[] parts = name.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return false;
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }

  /** A value that can go into a header as is: printable ASCII and tab. */
  private static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c > '~') return false;
    }
    return !value.isEmpty();
  }
}
