package dev.barbiton.file.download;

import dev.barbiton.assets.StorageException;
import dev.barbiton.events.Redaction;
import dev.barbiton.file.HttpStatusException;
import dev.barbiton.file.NotMediaException;
import dev.barbiton.file.RetriesExhaustedException;
import java.io.IOException;
import java.util.Objects;

/**
 * Why an offline download failed. Persisted with the queue, so it survives a restart; the
 * exception itself does not, its class name and message do.
 *
 * @param kind the family of the failure, which decides whether the manager tries again
 * @param type the simple class name of the exception ({@code HttpStatusException}, say)
 * @param message its message, redacted (no credentials or query values)
 */
public record DownloadFailure(Kind kind, String type, String message) {

  /** Failure families. */
  public enum Kind {
    /** The network or the server failed for now (a reset, a timeout, a 5xx): tried again later. */
    NETWORK,
    /** The server refused (a 4xx status), or sent what is not media: not tried again. */
    SERVER,
    /** The cache failed (disk full, say): tried again later. */
    STORAGE,
    /** The file's index could not map the time range to bytes: not tried again. */
    MEDIA,
    /** Anything else: not tried again. */
    OTHER;

    /** Whether the manager tries a download that failed this way again (with backoff). */
    public boolean retryable() {
      return this == NETWORK || this == STORAGE;
    }
  }

  public DownloadFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    message = Redaction.text(Objects.requireNonNull(message, "message"));
  }

  /** The failure {@code cause} stands for. */
  public static DownloadFailure of(Throwable cause) {
    return new DownloadFailure(kindOf(cause), cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
  }

  private static Kind kindOf(Throwable cause) {
    if (cause instanceof HttpStatusException status) return status.status() >= 500 ? Kind.NETWORK : Kind.SERVER;
    if (cause instanceof NotMediaException) return Kind.SERVER;
    if (cause instanceof TimeRangeException) return Kind.MEDIA;
    if (cause instanceof StorageException) return Kind.STORAGE;
    if (cause instanceof RetriesExhaustedException) return Kind.NETWORK;
    if (cause instanceof dev.barbiton.file.SourceException) return Kind.SERVER;
    if (cause instanceof IOException) return Kind.NETWORK;
    return Kind.OTHER;
  }

  @Override
  public String toString() {
    return type + ": " + message;
  }
}
