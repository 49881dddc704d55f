package dev.barbiton.file.engine;

import dev.barbiton.file.HttpStatusException;
import dev.barbiton.file.InvalidResponseException;
import dev.barbiton.file.LengthLimitException;
import dev.barbiton.file.NotMediaException;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceMetadata;
import dev.barbiton.assets.ResourceWriter;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Response;

/**
 * Decides what a response means for the resource, before any body byte is written: whether the
 * file changed (then the cached bytes go), where the body starts, its length, and whether the
 * server honours ranges. A response that contradicts the request or what is known is refused.
 *
 * <p>Used by the driver's thread only, except {@link #rangeIgnored()}, read by reader threads.
 */
final class ResponseChecks {
  /** What to do with a checked response's body. */
  record Plan(long bodyStart, long bodyLength, boolean done) {
    static final Plan DONE = new Plan(0, -1, true);
  }

  private final SourceEvents events;
  private final long maxLength;
  /** Stops the other requests that write the resource and waits until none writes (see the constructor). */
  private final Runnable stopOtherWriters;
  private volatile boolean rangeIgnored;

  /**
   * Checks that run {@code stopOtherWriters} before cached bytes are discarded: the tail and the
   * parts write bytes of the version being dropped, and a byte of theirs written after the discard
   * would be taken for the new version's.
   */
  ResponseChecks(SourceEvents events, long maxLength, Runnable stopOtherWriters) {
    this.events = events;
    this.maxLength = maxLength;
    this.stopOtherWriters = stopOtherWriters;
  }

  /** The largest file accepted; bodies of unknown length are cut here too (by the driver). */
  long maxLength() {
    return maxLength;
  }

  /** True once the server answered a range request with the whole file and the same version. */
  boolean rangeIgnored() {
    return rangeIgnored;
  }

  Plan check(Response response, FetchTarget target, ResourceWriter writer, String url) throws IOException {
    int code = response.code();
    if (code == 416) return unsatisfiable(response, target, writer, url);
    if (code == 408 || code == 429 || code >= 500) {
      throw new RetryableStatusException(code, url, RetryableStatusException.parseRetryAfter(response.header("Retry-After")));
    }
    if (code != 200 && code != 206) throw new HttpStatusException(code, url);
    String type = response.header("Content-Type");
    if (isHtml(type)) throw new NotMediaException(url, type);
    String encoding = response.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      throw new InvalidResponseException(url + " sent a " + encoding + "-encoded body to a request for identity");
    }
    // Before anything is discarded or sized: an absurd claim must cost nothing.
    checkDeclaredLength(response, code, url);
    String etag = response.header("ETag");
    String lastModified = response.header("Last-Modified");
    ResourceMetadata stored = writer.metadata();
    boolean changed = !writer.available().isEmpty() && changed(stored, etag, lastModified);
    if (changed) {
      stopOtherWriters.run();
      long discarded = writer.available().totalBytes();
      writer.discard();
      events.contentChanged(validator(stored.etag().orElse(null), stored.lastModified().orElse(null)),
          validator(etag, lastModified), discarded);
    }
    writer.setMetadata(writer.metadata().newBuilder().etag(etag).lastModified(lastModified).contentType(type).build());
    long bodyLength = response.body().contentLength();
    if (code == 206) {
      String header = response.header("Content-Range");
      ContentRange range = ContentRange.parse(header);
      if (range == null || range.first() < 0) throw new InvalidResponseException(url + " answered 206 with Content-Range " + header);
      if (range.first() != target.start() || (target.endInclusive() >= 0 && range.last() > target.endInclusive())) {
        throw new InvalidResponseException(url + " answered " + target.rangeHeader() + " with Content-Range " + header);
      }
      if (bodyLength >= 0 && bodyLength != range.length()) {
        throw new InvalidResponseException(url + ": Content-Length " + bodyLength + " contradicts Content-Range " + header);
      }
      if (range.complete().isPresent()) resolveLength(writer, range.complete().getAsLong(), url);
      if (target.start() > 0 && !writer.available().isEmpty()) events.resumed(target.start(), true);
      return new Plan(target.start(), range.length(), false);
    }
    if (!changed && !writer.available().isEmpty()) {
      rangeIgnored = true; // same version, whole body: this server ignores Range
      events.resumed(target.start(), false);
    }
    if (bodyLength >= 0) resolveLength(writer, bodyLength, url);
    return new Plan(0, bodyLength, false);
  }

  private Plan unsatisfiable(Response response, FetchTarget target, ResourceWriter writer, String url) throws IOException {
    String header = response.header("Content-Range");
    ContentRange range = ContentRange.parse(header);
    if (range == null || !range.complete().isPresent()) {
      throw new InvalidResponseException(url + " answered 416 to " + target.rangeHeader() + " without a length (Content-Range " + header + ")");
    }
    long length = range.complete().getAsLong();
    if (length > target.start()) {
      throw new InvalidResponseException(url + " answered 416 to " + target.rangeHeader() + " but claims " + length + " bytes");
    }
    resolveLength(writer, length, url);
    return Plan.DONE;
  }

  /** Refuses a file whose declared length passes the cap, from its Content-Length or Content-Range. */
  private void checkDeclaredLength(Response response, int code, String url) throws LengthLimitException {
    long declared = code == 200 ? response.body().contentLength() : -1;
    String header = null;
    if (code == 206) {
      header = response.header("Content-Range");
      ContentRange range = ContentRange.parse(header);
      if (range != null && range.first() >= 0) declared = range.complete().orElse(range.last() + 1);
    }
    if (declared > maxLength) {
      throw new LengthLimitException(url + " declares " + declared + " bytes"
          + (header == null ? "" : " (Content-Range " + header + ")")
          + ", more than the limit of " + maxLength + " (FileSourceOptions.maxLength)", maxLength);
    }
  }

  private void resolveLength(ResourceWriter writer, long length, String url) throws IOException {
    if (length > maxLength) {
      throw new LengthLimitException(url + " declares " + length + " bytes, more than the limit of " + maxLength
          + " (FileSourceOptions.maxLength)", maxLength);
    }
    if (writer.length().isPresent()) {
      if (writer.length().getAsLong() != length) {
        throw new LengthContradictionException(url + " now claims " + length + " bytes, not " + writer.length().getAsLong()
            + ", with the same validators");
      }
      return;
    }
    ByteRanges have = writer.available();
    if (have.end() > length) {
      throw new LengthContradictionException(url + " claims " + length + " bytes but " + have.end() + " were already received");
    }
    writer.setLength(length);
    events.lengthResolved(length);
  }

  /** The validator for {@code If-Range}: a strong ETag, else Last-Modified, else null. */
  static String ifRangeValidator(ResourceMetadata metadata) {
    String etag = metadata.etag().orElse(null);
    if (etag != null && !etag.startsWith("W/")) return etag;
    return metadata.lastModified().orElse(null);
  }

  /** Whether the response's validators show another version than the stored ones. */
  private static boolean changed(ResourceMetadata stored, String etag, String lastModified) {
    String storedEtag = stored.etag().orElse(null);
    if (storedEtag != null && etag != null) return !storedEtag.equals(etag);
    String storedModified = stored.lastModified().orElse(null);
    if (storedModified != null && lastModified != null) return !storedModified.equals(lastModified);
    return false;
  }

  private static String validator(String etag, String lastModified) {
    return Objects.requireNonNullElse(etag != null ? etag : lastModified, "");
  }

  private static boolean isHtml(String contentType) {
    if (contentType == null) return false;
    String t = contentType.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("text/html") || t.startsWith("application/xhtml+xml");
  }

  /**
   * Fails a body that went past where it must end ({@code declaredEnd}: its headers', else the
   * length cap) or past the resource's length, before those bytes are written.
   */
  static void checkBodyEnd(String redactedUrl, long endOfChunk, long declaredEnd, boolean declared, long length)
      throws IOException {
    if (endOfChunk > declaredEnd) {
      throw new LengthLimitException(redactedUrl + " sent more than " + declaredEnd + " bytes"
          + (declared ? ", past the end its headers declared" : ", the limit of FileSourceOptions.maxLength"), declaredEnd);
    }
    if (endOfChunk > length) {
      throw new InvalidResponseException(redactedUrl + " sent bytes past the length " + length);
    }
  }
}
