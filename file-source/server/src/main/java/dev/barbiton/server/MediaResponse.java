package dev.barbiton.server;

import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.assets.ResourceMetadata;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.media.MediaInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The answer to a GET or HEAD of a registered source: conditions, ranges, headers, and the body
 * copied from the source as it downloads.
 *
 * <h2>Order</h2>
 *
 * <ol>
 *   <li>If the length is not known yet (a fresh download whose response headers are not in), the
 *       first bytes at the first range's start (or at 0) are read first: once any byte is here, the
 *       origin's headers are, with its validators and the length if it sent one.
 *   <li>{@code If-Match} / {@code If-Unmodified-Since} against the origin's {@code ETag} / {@code
 *       Last-Modified}: 412; {@code If-None-Match} / {@code If-Modified-Since}: 304 ({@link Preconditions}). {@code If-Range} that does not match: the
 *       range is ignored, 200 with everything.
 *   <li>The ranges are resolved against the length ({@link ByteRange#resolve}): 200 whole; one span,
 *       206 with {@code Content-Range}; several, 206 {@code multipart/byteranges} ({@link
 *       Multipart}) with a {@code Content-Length}; none satisfiable, 416 with {@code Content-Range:
 *       bytes *}{@code /length}.
 *   <li>With the length still unknown (the origin sends its body chunked and has not ended it), one
 *       closed range {@code a-b} is 206 with {@code Content-Range: bytes a-b/*} (RFC 9110 14.4:
 *       the complete length unknown) once its bytes are here (or the download ended, and the
 *       length is known after all). An open range {@code a-} ({@code a > 0}) waits for the length:
 *       a 206 of only the bytes cached so far ({@code a-c/*}) is what RFC 9110 allows, but players
 *       take the end of such a response for the end of the media (FFmpeg's seek then finds no
 *       frame; Chromium's video ends there). Everything else is 200 with the whole body, chunked,
 *       and {@code Accept-Ranges: none}: no range; {@code bytes=0-}, which is the same bytes; a
 *       suffix or several ranges, which need the end.
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
final class MediaResponse {
  private static final String FALLBACK_TYPE = "application/octet-stream";
  /** How long a read backs off when it meets an earlier download's failure (see {@link #read}). */
  private static final long FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final Exchange exchange;
  private final Connection connection;
  private final RequestHead head;
  private final Registration registration;
  private final FileSource source;
  private final boolean headOnly;
  private final String cors;
  private boolean keepAlive;

  MediaResponse(Exchange exchange, Connection connection, RequestHead head, Registration registration, FileSource source,
      boolean keepAlive, String cors) {
    this.exchange = exchange;
    this.connection = connection;
    this.head = head;
    this.registration = registration;
    this.source = source;
    this.headOnly = head.method().equals("HEAD");
    this.keepAlive = keepAlive;
    this.cors = cors;
  }

  /** Answers the request. Returns whether the connection may carry another. */
  boolean send() throws IOException {
    ByteRange range = ByteRange.parse(head.count("range") == 1 ? head.header("range") : null);
    ByteBuffer buffer = connection.bodyBuffer();
    long buffered = -1; // the position of the bytes in buffer, if any
    OptionalLong length = source.length();
    List<Span> spans;
    boolean endKnown;
    try {
      if (!length.isPresent()) {
        long probe = Math.max(0, range.first());
        if (read(probe, buffer) > 0) buffered = probe;
        length = source.length();
        if (!length.isPresent() && range.isSingle() && range.first() >= 0 && range.last() >= 0) {
          length = awaitCached(range.first(), range.last() + 1);
        } else if (!length.isPresent() && range.isSingle() && range.first() > 0) {
          length = awaitCached(range.first(), Long.MAX_VALUE); // a- needs the end: wait for the length
        }
      }
      ResourceMetadata metadata = source.metadata();
      if (Preconditions.failed(head, metadata)) return exchange.refuse(412, cors, keepAlive);
      if (Preconditions.notModified(head, metadata)) return notModified(metadata);
      if (!range.isWhole() && !Preconditions.rangeApplies(head, metadata)) range = ByteRange.WHOLE;
      if (length.isPresent()) {
        spans = range.resolve(length.getAsLong());
        if (spans.isEmpty()) return exchange.refuse(416, "Content-Range: bytes */" + length.getAsLong() + "\r\n" + cors, keepAlive);
        endKnown = true;
      } else if (range.isSingle() && range.last() >= 0) { // a closed range, its bytes here
        long first = range.first();
        long end = Math.min(range.last() + 1, first + source.available().contiguousFrom(first));
        spans = List.of(new Span(first, Math.max(end, first + 1)));
        endKnown = true;
      } else {
        range = ByteRange.WHOLE;
        spans = List.of(new Span(0, -1));
        endKnown = false;
      }
      Span firstSpan = spans.get(0);
      if (buffered != firstSpan.start()) {
        ((Buffer) buffer).clear();
        buffered = -1;
      }
      if (endKnown && buffer.position() > firstSpan.length()) ((Buffer) buffer).position((int) firstSpan.length());
      if (buffered < 0 && firstSpan.start() != firstSpan.end()) {
        limit(buffer, firstSpan.start(), endKnown ? firstSpan.end() : -1);
        read(firstSpan.start(), buffer); // -1: an empty body of unknown length
      }
    } catch (ClientGoneException e) {
      return false;
    } catch (IOException e) {
      int status = statusFor(e);
      exchange.logFailure(registration, "reading", e);
      return exchange.refuse(status, cors, keepAlive);
    }

    boolean chunked = !endKnown && head.http11();
    if (!endKnown && !chunked) keepAlive = false; // HTTP/1.0, length unknown: the close ends the body
    ((Buffer) buffer).flip();
    String type = contentType(source);
    String total = length.isPresent() ? Long.toString(length.getAsLong()) : "*";
    if (spans.size() > 1) {
      Multipart multipart = new Multipart(type, spans, length.getAsLong());
      ByteBuffer headers = headers(206, multipart.contentType(), multipart.bodyLength(), null, false);
      if (headOnly) {
        connection.write(headers);
        return keepAlive;
      }
      for (int i = 0; i < spans.size(); i++) {
        ByteBuffer[] prefix = i == 0 ? new ByteBuffer[] {headers, multipart.partHead(0)} : new ByteBuffer[] {multipart.partHead(i)};
        if (!copy(spans.get(i).start(), spans.get(i).end(), prefix, false, i == 0)) return false;
      }
      connection.write(multipart.end());
      return keepAlive;
    }
    Span span = spans.get(0);
    boolean partial = !range.isWhole();
    ByteBuffer headers = headers(partial ? 206 : 200, type, endKnown ? span.length() : -1,
        partial ? "bytes " + span.positions() + "/" + total : null, chunked);
    if (headOnly) {
      connection.write(headers);
      return keepAlive;
    }
    if (!copy(span.start(), span.end(), new ByteBuffer[] {headers}, chunked, true)) return false;
    if (chunked) connection.write(ByteBuffer.wrap(LAST_CHUNK));
    return keepAlive;
  }

  /**
   * Waits until the bytes {@code [start, end)} are cached without a gap, or the length is known
   * (the download ended before {@code end}); returns the length then. A closed range of a source of
   * unknown length gets all its bytes, as it would with the length known.
   */
  private OptionalLong awaitCached(long start, long end) throws IOException {
    ByteBuffer scratch = ByteBuffer.allocate(1);
    for (;;) {
      OptionalLong length = source.length();
      if (length.isPresent()) return length;
      long cached = start + source.available().contiguousFrom(start);
      if (cached >= end) return length;
      ((Buffer) scratch).clear();
      if (read(cached, scratch) < 0) return source.length(); // waits for the first missing byte
    }
  }

  /**
   * Writes the bytes {@code [pos, end)} ({@code end} -1: to the end of the source) after {@code
   * prefix}; the connection's buffer holds the first bytes already when {@code filled} (flipped).
   * Returns false when the connection must end: the client went away, or the download failed after
   * the headers went out (logged), which only a cut connection can say.
   */
  private boolean copy(long pos, long end, ByteBuffer[] prefix, boolean chunked, boolean filled) throws IOException {
    ByteBuffer buffer = filled ? connection.filledBodyBuffer() : connection.bodyBuffer();
    ByteBuffer[] before = prefix;
    boolean have = filled;
    for (;;) {
      if (!have) {
        if (end >= 0 && pos >= end) break;
        ((Buffer) buffer).clear();
        limit(buffer, pos, end);
        int n;
        try {
          n = read(pos, buffer);
        } catch (ClientGoneException e) {
          return false;
        } catch (IOException e) {
          exchange.logFailure(registration, "reading", e);
          return false;
        }
        if (n < 0) {
          if (end < 0) break;
          exchange.logFailure(registration, "reading", new IOException("end of the source at " + pos + ", before " + end));
          return false;
        }
        ((Buffer) buffer).flip();
      }
      have = false;
      int n = buffer.remaining();
      if (n == 0) break;
      writeChunk(before, buffer, chunked);
      before = null;
      pos += n;
    }
    if (before != null) connection.write(before);
    return true;
  }

  /** Writes {@code body} (after {@code prefix} when not null) in one gathering write. */
  private void writeChunk(ByteBuffer[] prefix, ByteBuffer body, boolean chunked) throws IOException {
    int extra = prefix == null ? 0 : prefix.length;
    ByteBuffer[] all = new ByteBuffer[extra + (chunked ? 3 : 1)];
    if (prefix != null) System.arraycopy(prefix, 0, all, 0, extra);
    if (chunked) {
      all[extra] = ByteBuffer.wrap((Integer.toHexString(body.remaining()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      all[extra + 1] = body;
      all[extra + 2] = ByteBuffer.wrap(CRLF);
    } else {
      all[extra] = body;
    }
    connection.write(all);
  }

  /**
   * The head of a 200 or 206. A body whose end is not known ({@code contentLength} -1) says {@code
   * Accept-Ranges: none}: a client then reads it as a stream, as it would read the origin, instead of
   * seeking where no end is known (FFmpeg's mov demuxer asks for the byte after the last {@code mdat}
   * at once, and gives up on the 416 it gets once the end is known). Ranges are answered anyway.
   *
   * @param contentLength -1 for none
   * @param contentRange null for none
   */
  private ByteBuffer headers(int status, String type, long contentLength, String contentRange, boolean chunked) {
    ResponseHead h = ResponseHead.status(status).header("Content-Type", type)
        .header("Accept-Ranges", contentLength >= 0 ? "bytes" : "none");
    if (contentLength >= 0) h.header("Content-Length", contentLength);
    if (contentRange != null) h.header("Content-Range", contentRange);
    if (chunked) h.header("Transfer-Encoding", "chunked");
    validators(h, source.metadata());
    return h.lines(cors).end(keepAlive);
  }

  /** 304: the validators, no body (RFC 9110 15.4.5). */
  private boolean notModified(ResourceMetadata metadata) throws IOException {
    ResponseHead h = ResponseHead.status(304);
    validators(h, metadata);
    connection.write(h.lines(cors).end(keepAlive));
    return keepAlive;
  }

  private static void validators(ResponseHead h, ResourceMetadata metadata) {
    metadata.etag().filter(MediaResponse::isHeaderValue).ifPresent(v -> h.header("ETag", v));
    metadata.lastModified().filter(MediaResponse::isHeaderValue).ifPresent(v -> h.header("Last-Modified", v));
  }

  /**
   * The media type: sniffed from the first bytes and the origin's {@code Content-Type} together
   * (the origin's alone while those bytes are not here), else the origin's as sent, else {@value
   * #FALLBACK_TYPE}.
   */
  private static String contentType(FileSource source) {
    Optional<String> mime = source.mediaInfo().flatMap(MediaInfo::mimeType);
    if (mime.isPresent()) return mime.get();
    return source.metadata().contentType().filter(MediaResponse::isHeaderValue).orElse(FALLBACK_TYPE);
  }

  /**
   * Reads at {@code pos} into {@code dst}, waiting up to the registration's read timeout for a
   * byte; returns what {@link FileSource#readAt} does.
   *
   * @throws ClientGoneException if the client disconnected meanwhile
   * @throws ByteWaitTimeoutException if no byte came in time
   */
  private int read(long pos, ByteBuffer dst) throws IOException {
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

  /** The failure's status, before any header went out. */
  private static int statusFor(IOException e) {
    if (e instanceof ByteWaitTimeoutException) return 504;
    if (e instanceof ResourceClosedException || e instanceof InterruptedIOException) return 503;
    return 502; // the download failed: the origin's status, a network error, not media ...
  }

  /** A value that can go into a header as is: printable ASCII and tab. */
  static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c > '~') return false;
    }
    return !value.isEmpty();
  }
}
