package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRanges;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Pre-caching without a queue: fetches the bytes that play part of a file into the options' store
 * on the caller's thread, and returns once they are cached. The file's header and index are read
 * first to map the time to bytes (see {@link DownloadManager}'s time ranges); nothing else of the
 * file is fetched, except the few hundred KiB the header reads bring. The bytes are cached like any
 * others, so eviction may take them; {@link DownloadManager#precache} keeps them offline.
 *
 * <pre>{@code
 * Precache.first(uri, Duration.ofSeconds(10), FileSourceOptions.builder(store).build());
 * // later, offline: a player opening uri plays its first 10 s from the cache
 * }</pre>
 */
public final class Precache {
  private Precache() {}

  /** What a pre-cache fetched: the ranges it mapped the time to (header and index included), and the bytes cached of them. */
  public record Result(ByteRanges ranges, long bytesCached) {
    public Result {
      Objects.requireNonNull(ranges, "ranges");
    }
  }

  /**
   * Caches the bytes that play the first {@code first} of {@code uri}.
   *
   * @throws TimeRangeException if the file's header maps no time to bytes (see {@link
   *     TimeRangeException})
   * @throws IOException the download's typed failure ({@link dev.barbiton.file.HttpStatusException},
   *     {@link dev.barbiton.file.RetriesExhaustedException}, …)
   * @throws InterruptedIOException if the thread is interrupted; bytes fetched so far stay cached
   */
  public static Result first(URI uri, Duration first, FileSourceOptions options) throws IOException {
    return range(uri, DownloadRange.first(first), options);
  }

  /** Caches the bytes of {@code range} of {@code uri}; throws as {@link #first} does. */
  public static Result range(URI uri, DownloadRange range, FileSourceOptions options) throws IOException {
    DownloadRequest request = DownloadRequest.builder(uri).range(range).id("precache").build();
    Download download = new Download("precache", request, DownloadState.DOWNLOADING, Optional.empty(), Optional.empty(),
        0, OptionalLong.empty(), 0, Optional.empty());
    DownloadRun.Result[] result = new DownloadRun.Result[1];
    DownloadRun run = new DownloadRun(download, options, DownloadCondition.ALWAYS, Duration.ofMillis(50), new DownloadRun.Listener() {
      @Override
      public void progress(DownloadRun r, long cached, OptionalLong total) {}

      @Override
      public void ended(DownloadRun r, DownloadRun.Result ended) {
        result[0] = ended;
      }
    }, false);
    run.run();
    if (result[0] instanceof DownloadRun.Result.Completed c) {
      return new Result(run.ranges().orElseGet(ByteRanges::empty), c.bytes());
    }
    if (result[0] instanceof DownloadRun.Result.Failed f) {
      if (f.cause() instanceof IOException io) throw io;
      if (f.cause() instanceof RuntimeException re) throw re;
      throw new IOException(f.cause());
    }
    throw new InterruptedIOException("pre-cache of " + request.effectiveKey().redacted() + " interrupted");
  }
}
