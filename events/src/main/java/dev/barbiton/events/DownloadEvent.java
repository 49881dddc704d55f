package dev.barbiton.events;

import static dev.barbiton.events.Checks.nonNegative;
import static dev.barbiton.events.Checks.positive;
import static dev.barbiton.events.Checks.redacted;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The life of one HTTP request for a resource. For one request the events pair and nest like
 * this: {@link RequestStarted}, then {@link FirstByte}, any number of {@link Progress}, and
 * exactly one of {@link RequestFinished}, {@link RequestFailed}, {@link Superseded} (a reader
 * elsewhere took the download) or {@link Cancelled} (the source was closed or paused). A failed
 * request that will be tried again is followed by {@link Retrying} and a new {@link
 * RequestStarted}; a request that continues an earlier partial download reports {@link Resumed}
 * after its {@link FirstByte}.
 *
 * <p>The index at the end of a file may be fetched on a second connection while the main request
 * runs: that request is announced by {@link TailRequested} and ends with one {@link TailFinished};
 * it takes no part in the pairing above.
 *
 * <p>A download over several connections ({@code FileSourceOptions.connections}) fetches parts of
 * the file on connections of their own beside the main request: each is announced by {@link
 * PartRequested} and ends with one {@link PartFinished}, outside the pairing above too.
 *
 * <p>{@link PauseChanged} says that the app paused a source's download or resumed it; it takes
 * no part in the pairing above (a request that a pause stops ends with {@link Cancelled}).
 *
 * <p>An offline download of a download manager (one entry of its queue, which may span many
 * requests and restarts) reports {@link OfflineStateChanged} on every change of its state and
 * {@link OfflineProgress} while it runs, at most once per the manager's progress interval; both
 * take no part in the pairing above.
 */
public sealed interface DownloadEvent extends Event {

  /**
   * A request was sent.
   *
   * @param url the request URL, redacted with {@link Redaction#url(String)}
   * @param rangeStart the first byte requested
   * @param rangeEnd the last byte requested (inclusive), or empty for "to the end"
   * @param attempt 1 for the first attempt, 2 for the first retry, and so on
   */
  record RequestStarted(
      EventMeta meta, String url, long rangeStart, OptionalLong rangeEnd, int attempt)
      implements DownloadEvent {
    public RequestStarted {
      Objects.requireNonNull(meta, "meta");
      url = Redaction.url(Objects.requireNonNull(url, "url"));
      nonNegative(rangeStart, "rangeStart");
      Objects.requireNonNull(rangeEnd, "rangeEnd");
      if (rangeEnd.isPresent() && rangeEnd.getAsLong() < rangeStart) {
        throw new IllegalArgumentException(
            "rangeEnd < rangeStart: " + rangeEnd.getAsLong() + " < " + rangeStart);
      }
      positive(attempt, "attempt");
    }
  }

  /**
   * The response headers arrived.
   *
   * @param status the HTTP status code, 100 to 599
   * @param partial true if the server answered the range with 206 Partial Content
   */
  record FirstByte(EventMeta meta, int status, Duration timeToFirstByte, boolean partial)
      implements DownloadEvent {
    public FirstByte {
      Objects.requireNonNull(meta, "meta");
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status not in [100..599]: " + status);
      }
      nonNegative(timeToFirstByte, "timeToFirstByte");
    }
  }

  /**
   * Bytes of the body arrived.
   *
   * @param bytes body bytes received so far by this request
   * @param total the body length if the server declared one
   * @param bytesPerSecond the recent transfer rate, finite and non-negative
   */
  record Progress(EventMeta meta, long bytes, OptionalLong total, double bytesPerSecond)
      implements DownloadEvent {
    public Progress {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytes, "bytes");
      nonNegative(total, "total");
      if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
        throw new IllegalArgumentException("bytesPerSecond not finite and >= 0: " + bytesPerSecond);
      }
    }
  }

  /**
   * A failed attempt will be tried again after {@code backoff}.
   *
   * @param attempt the attempt about to be made, {@code 1 <= attempt <= maxAttempts}
   * @param cause why the previous attempt failed, redacted with {@link Redaction#text(String)}
   */
  record Retrying(EventMeta meta, int attempt, int maxAttempts, String cause, Duration backoff)
      implements DownloadEvent {
    public Retrying {
      Objects.requireNonNull(meta, "meta");
      positive(attempt, "attempt");
      if (maxAttempts < attempt) {
        throw new IllegalArgumentException(
            "maxAttempts < attempt: " + maxAttempts + " < " + attempt);
      }
      cause = redacted(cause, "cause");
      nonNegative(backoff, "backoff");
    }
  }

  /**
   * A download continued from {@code fromOffset}; {@code rangeHonoured} is false if the server
   * ignored the range and sent the body from the start.
   */
  record Resumed(EventMeta meta, long fromOffset, boolean rangeHonoured) implements DownloadEvent {
    public Resumed {
      Objects.requireNonNull(meta, "meta");
      nonNegative(fromOffset, "fromOffset");
    }
  }

  /** The response body was read to its end: {@code bytes} in {@code duration}. */
  record RequestFinished(EventMeta meta, long bytes, Duration duration) implements DownloadEvent {
    public RequestFinished {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytes, "bytes");
      nonNegative(duration, "duration");
    }
  }

  /**
   * The request failed.
   *
   * @param cause what went wrong, redacted with {@link Redaction#text(String)}
   * @param retryable true if another attempt may succeed
   */
  record RequestFailed(EventMeta meta, String cause, boolean retryable) implements DownloadEvent {
    public RequestFailed {
      Objects.requireNonNull(meta, "meta");
      cause = redacted(cause, "cause");
    }
  }

  /**
   * The request was stopped because a reader blocked elsewhere gets a request of its own; the
   * download goes on from {@code readerPosition}. Not an error and not the user's cancel.
   */
  record Superseded(EventMeta meta, long readerPosition) implements DownloadEvent {
    public Superseded {
      Objects.requireNonNull(meta, "meta");
      nonNegative(readerPosition, "readerPosition");
    }
  }

  /** The request was cancelled before it finished: the source was closed or paused. */
  record Cancelled(EventMeta meta) implements DownloadEvent {
    public Cancelled {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /**
   * The server followed a redirect chain; later requests go to {@code finalUrl}.
   *
   * @param finalUrl the URL that answered, redacted with {@link Redaction#url(String)}
   */
  record Redirected(EventMeta meta, String finalUrl) implements DownloadEvent {
    public Redirected {
      Objects.requireNonNull(meta, "meta");
      finalUrl = Redaction.url(Objects.requireNonNull(finalUrl, "finalUrl"));
    }
  }

  /**
   * The file changed at its origin (its validators differ from the stored ones): the bytes
   * already cached were discarded and the download starts over, so versions never mix.
   *
   * @param previousValidator the stored ETag or Last-Modified, or "" if none
   * @param newValidator the origin's ETag or Last-Modified now, or "" if none
   */
  record ContentChanged(EventMeta meta, String previousValidator, String newValidator, long discardedBytes)
      implements DownloadEvent {
    public ContentChanged {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(previousValidator, "previousValidator");
      Objects.requireNonNull(newValidator, "newValidator");
      nonNegative(discardedBytes, "discardedBytes");
    }
  }

  /**
   * The first bytes state that the file's index lies at its end (an MP4's {@code moov} after its
   * {@code mdat}, Matroska Cues or Tags), and a second request fetches it while the first goes on.
   *
   * @param rangeStart the first byte requested
   * @param rangeEnd the last byte requested (inclusive)
   * @param container what stated it, {@code "mp4"} or {@code "matroska"}
   */
  record TailRequested(EventMeta meta, long rangeStart, long rangeEnd, String container) implements DownloadEvent {
    public TailRequested {
      Objects.requireNonNull(meta, "meta");
      nonNegative(rangeStart, "rangeStart");
      if (rangeEnd < rangeStart) throw new IllegalArgumentException("rangeEnd < rangeStart: " + rangeEnd + " < " + rangeStart);
      Objects.requireNonNull(container, "container");
    }
  }

  /**
   * The tail request ended.
   *
   * @param bytes the body bytes it received
   * @param outcome why it ended: {@code "complete"}, {@code "met cached bytes"}, or the failure
   *     (the main request fetches what it missed)
   */
  record TailFinished(EventMeta meta, long bytes, String outcome) implements DownloadEvent {
    public TailFinished {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytes, "bytes");
      outcome = redacted(outcome, "outcome");
    }
  }

  /**
   * An offline download moved from state {@code from} to state {@code to} (the names of the
   * manager's states: {@code QUEUED}, {@code DOWNLOADING}, {@code PAUSED}, {@code COMPLETED},
   * {@code FAILED}, {@code REMOVING}; {@code from} is {@code ""} for a download just added).
   *
   * @param downloadId the manager's id of the download
   * @param detail the stop reason of a pause, the failure of a failed download (redacted with
   *     {@link Redaction#text(String)}), or {@code ""}
   */
  record OfflineStateChanged(EventMeta meta, String downloadId, String from, String to, String detail)
      implements DownloadEvent {
    public OfflineStateChanged {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(downloadId, "downloadId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      detail = redacted(detail, "detail");
    }
  }

  /**
   * How far a running offline download is: of the bytes it was asked for (the whole file, a byte
   * range, or the bytes a time range maps to), not of one request.
   *
   * @param bytesCached the bytes of the download that are cached, whoever fetched them
   * @param bytesTotal the bytes of the download, once known
   * @param bytesPerSecond the recent rate at which {@code bytesCached} grew, finite and {@code >= 0}
   * @param eta the time left at that rate, once the total is known and the rate positive
   */
  record OfflineProgress(EventMeta meta, String downloadId, long bytesCached, OptionalLong bytesTotal,
      double bytesPerSecond, java.util.Optional<Duration> eta) implements DownloadEvent {
    public OfflineProgress {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(downloadId, "downloadId");
      nonNegative(bytesCached, "bytesCached");
      nonNegative(bytesTotal, "bytesTotal");
      if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
        throw new IllegalArgumentException("bytesPerSecond not finite and >= 0: " + bytesPerSecond);
      }
      Objects.requireNonNull(eta, "eta");
      eta.ifPresent(d -> nonNegative(d, "eta"));
    }
  }

  /**
   * The download manager's persisted queue could not be read and was set aside (renamed with
   * {@code .corrupt}); the manager started with an empty queue. Cached bytes are untouched: adding
   * the same downloads again continues from them.
   *
   * @param problem what was wrong with the file
   */
  record QueueDiscarded(EventMeta meta, String file, String problem) implements DownloadEvent {
    public QueueDiscarded {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(file, "file");
      problem = redacted(problem, "problem");
    }
  }

  /**
   * A part of the file is requested on a connection of its own, beside the main request.
   *
   * @param rangeStart the first byte requested
   * @param rangeEnd the last byte requested (inclusive)
   * @param connection which connection, 2 for the first beside the main one
   */
  record PartRequested(EventMeta meta, long rangeStart, long rangeEnd, int connection) implements DownloadEvent {
    public PartRequested {
      Objects.requireNonNull(meta, "meta");
      nonNegative(rangeStart, "rangeStart");
      if (rangeEnd < rangeStart) throw new IllegalArgumentException("rangeEnd < rangeStart: " + rangeEnd + " < " + rangeStart);
      positive(connection, "connection");
    }
  }

  /**
   * A part's request ended.
   *
   * @param bytes the body bytes it received
   * @param outcome why it ended: {@code "complete"}, {@code "met cached bytes"}, {@code "cancelled"},
   *     or what was wrong (the main request fetches what it missed; a server that did not answer the
   *     range gets no more parts)
   */
  record PartFinished(EventMeta meta, long bytes, String outcome) implements DownloadEvent {
    public PartFinished {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytes, "bytes");
      outcome = redacted(outcome, "outcome");
    }
  }

  /**
   * The app paused the source's download ({@code paused}: no request is sent until it resumes) or
   * resumed it, which goes on from the bytes cached. Published once per change, when it took effect:
   * the download's own events (the stopped request's {@link Cancelled}, the next {@link
   * RequestStarted}) may come just before or after it.
   */
  record PauseChanged(EventMeta meta, boolean paused) implements DownloadEvent {
    public PauseChanged {
      Objects.requireNonNull(meta, "meta");
    }
  }
}
