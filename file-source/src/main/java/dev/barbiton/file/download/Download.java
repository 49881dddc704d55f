package dev.barbiton.file.download;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one offline download, as {@link DownloadManager#get} and {@link
 * DownloadManager#list} return it.
 *
 * @param id the manager's id
 * @param request what was asked for
 * @param state where it is now
 * @param stopReason why it is {@link DownloadState#PAUSED}: the reason given to {@link
 *     DownloadManager#pause(String, String)}; empty in any other state
 * @param failure why it is {@link DownloadState#FAILED}, or why its last attempt failed while it
 *     waits to be tried again
 * @param bytesCached the bytes of the download that are cached (as of the last progress tick)
 * @param bytesTotal the bytes of the download, once known
 * @param failedAttempts runs that failed since the download last made progress; kept across restarts
 * @param retryAt when a download that failed will be tried again
 */
public record Download(String id, DownloadRequest request, DownloadState state, Optional<String> stopReason,
    Optional<DownloadFailure> failure, long bytesCached, OptionalLong bytesTotal, int failedAttempts,
    Optional<Instant> retryAt) {

  public Download {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(bytesTotal, "bytesTotal");
    Objects.requireNonNull(retryAt, "retryAt");
  }

  /** The fraction cached, 0 to 1, once the total is known. */
  public Optional<Double> fraction() {
    if (!bytesTotal.isPresent()) return Optional.empty();
    long total = bytesTotal.getAsLong();
    return Optional.of(total == 0 ? 1.0 : Math.min(1.0, bytesCached / (double) total));
  }

  Download withState(DownloadState next, Optional<String> reason, Optional<DownloadFailure> why) {
    return new Download(id, request, next, reason, why, bytesCached, bytesTotal, failedAttempts, retryAt);
  }

  Download withBytes(long cached, OptionalLong total) {
    return new Download(id, request, state, stopReason, failure, cached, total, failedAttempts, retryAt);
  }

  Download withRetry(int attempts, Optional<Instant> at) {
    return new Download(id, request, state, stopReason, failure, bytesCached, bytesTotal, attempts, at);
  }

  Download withPriority(int priority) {
    return new Download(id, request.newBuilder().priority(priority).build(), state, stopReason, failure,
        bytesCached, bytesTotal, failedAttempts, retryAt);
  }
}
