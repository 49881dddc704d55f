package dev.barbiton.file;

import dev.barbiton.file.engine.DownloadDriver;
import dev.barbiton.file.engine.OriginHeaders;
import dev.barbiton.file.engine.PauseGate;
import dev.barbiton.file.engine.PhaseState;
import dev.barbiton.file.engine.SocketReads;
import dev.barbiton.file.engine.SourceCounters;
import dev.barbiton.file.engine.SourceEvents;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.assets.ReadCounters;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.assets.ResourceMetadata;
import dev.barbiton.events.FileEvent.Phase;
import dev.barbiton.file.mp4.SegmentIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A URL that can be read while it downloads.
 *
 * <p>{@link #open} acquires the URL's resource in the store and, unless it is already complete,
 * starts one download driver on the options' executor. Any number of threads read at once, through
 * {@link #readAt}, {@link #newChannel()} or {@link #newInputStream()}, each view with its own
 * position. Every view follows the read contract of {@link AssetResource}: a read at or past a
 * known length is end of stream at once, downloaded or not; a read below it of bytes not yet
 * downloaded blocks until they arrive (at most the options' read timeout), and a read far from
 * what is being downloaded moves the download there; a download that fails makes blocked reads
 * throw {@link dev.barbiton.assets.ResourceFailedException} whose cause is the download's own typed
 * exception (the same as {@link DownloadOutcome.Failed#cause()}).
 *
 * <p>Phases move Init → Downloading → Complete, once each; Complete carries the {@link
 * DownloadOutcome}. A resource complete in the store opens straight to Complete, with no request.
 *
 * <p>Cached blocks of an earlier run are checked against their checksums as they are first read;
 * one that fails is dropped ({@link dev.barbiton.events.AssetEvent.BadBlock}) and fetched again:
 * by the running download, or, once the download is over (or when the resource opened
 * complete), by a new one started for it, with no phase change. A read of those bytes waits for
 * them like for any bytes not yet downloaded.
 *
 * <p>{@link #pause()} stops the download without ending it: no request is sent until {@link
 * #resume()}, which goes on from the bytes cached; reads of cached bytes go on meanwhile, reads of
 * missing bytes wait (up to their timeout). {@link #metrics()} is a snapshot of the source's
 * counters, cheap enough to poll many times a second.
 *
 * <p>{@link #close()} cancels the network work within a second, closes every view (blocked reads
 * throw) and releases the resource; bytes downloaded so far stay cached.
 */
public final class FileSource implements RandomAccessSource, AutoCloseable {
  private static final OkHttpClient SHARED_CLIENT = new OkHttpClient();

  private final URI uri;
  private final HttpUrl url;
  private final FileSourceOptions options;
  /** The source's own handle: the download, sniffing and indexing read through it, uncounted. */
  private final AssetResource resource;
  /** The handle of {@link #readAt}, whose reads count in {@link #reads}. */
  private final AssetResource readHandle;
  private final SourceEvents events;
  private final PhaseState phase;
  /** The latest download driver; null until one starts. */
  private final AtomicReference<DownloadDriver> driver = new AtomicReference<>();
  /** Whether a driver runs now: at most one at a time. */
  private final AtomicBoolean driving = new AtomicBoolean();
  /** Bytes were dropped as bad since the last driver started. */
  private volatile boolean refetchWanted;
  private volatile OkHttpClient client;
  private final MediaInfoCache mediaInfo;
  private final SegmentIndexes segmentIndexes;
  private final Set<AutoCloseable> views = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PauseGate pause = new PauseGate();
  /** The reads of this source and its views; they count in the store's totals too. */
  private final ReadCounters reads;
  /** Bytes cached when the source opened. */
  private final long cachedAtOpen;

  private FileSource(URI uri, HttpUrl url, FileSourceOptions options, AssetResource resource,
      AssetResource readHandle, SourceEvents events, ReadCounters reads) {
    this.uri = uri;
    this.readHandle = readHandle;
    this.reads = reads;
    this.cachedAtOpen = resource.available().totalBytes();
    this.url = url;
    this.options = options;
    this.resource = resource;
    this.events = events;
    this.segmentIndexes = new SegmentIndexes(resource, events);
    this.mediaInfo = new MediaInfoCache(resource, events);
    this.phase = new PhaseState(events, () -> {
      segmentIndexes.buildFinal();
      mediaInfo.fragmentsIndexed(segmentIndexes.get());
    });
    if (resource.isCommitted()) phase.complete(new DownloadOutcome.Finished(resource.length().getAsLong()));
  }

  /**
   * Opens {@code uri} (http or https) for reading, starting its download unless the store holds it
   * complete.
   *
   * @throws IllegalArgumentException if {@code uri} is not a well-formed http(s) URL (a port out
   *     of range, say); nothing is acquired then
   * @throws IOException if the store refuses (closed, say)
   */
  public static FileSource open(URI uri, FileSourceOptions options) throws IOException {
    HttpUrl url = parse(uri);
    ResourceKey key = options.cacheKey().orElseGet(() -> ResourceKey.forUrl(uri));
    ReadCounters reads = options.store().newReadCounters();
    AssetResource resource = options.store().acquire(key, ReadCounters.uncounted());
    AssetResource readHandle = null;
    FileSource source;
    try {
      readHandle = options.store().acquire(key, reads);
      SourceEvents events = new SourceEvents(options.eventBus().orElse(null), key.redacted());
      source = new FileSource(uri, url, options, resource, readHandle, events, reads);
      resource.onBadBlock(source::badBlockDropped);
      if (!resource.isCommitted() && source.driving.compareAndSet(false, true)) source.start();
    } catch (IOException | RuntimeException | Error e) {
      resource.close(); // a source that never opened must not keep its resource pinned
      if (readHandle != null) readHandle.close();
      throw e;
    }
    return source;
  }

  private static HttpUrl parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    String shown = dev.barbiton.events.Redaction.url(uri.toString());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + shown);
    }
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      // HttpUrl.get would say why, but its message repeats the whole URL, secrets included.
      throw new IllegalArgumentException("not a well-formed URL (host, port 1-65535, characters): " + shown);
    }
    return url;
  }

  /** Starts a driver; the caller has set {@link #driving}. */
  private void start() {
    refetchWanted = false;
    DownloadDriver next = new DownloadDriver(url, resource, client(), options, events, phase, pause, mediaInfo::refresh);
    driver.set(next);
    if (closed.get()) next.close(); // close() may have looked before the set
    Runnable run = () -> {
      try {
        next.run();
      } finally {
        driving.set(false);
        refetchIfWanted(); // bytes dropped as this driver ended: it may not have seen them
      }
    };
    if (options.executor().isPresent()) {
      options.executor().get().execute(run);
    } else {
      Thread thread = new Thread(run, "barbiton-download");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Cached bytes failed their check and were dropped: a reader's thread, no lock held. */
  private void badBlockDropped(dev.barbiton.assets.ByteRange bad) {
    refetchWanted = true;
    refetchIfWanted();
  }

  /**
   * Starts a driver to fetch dropped bytes again unless one runs (it fetches them: they are
   * missing now) or the source is closed. Either this sees the flag a dropping thread set, or
   * the ending driver's thread does, after clearing {@link #driving}.
   */
  private void refetchIfWanted() {
    if (!refetchWanted || closed.get()) return;
    if (!driving.compareAndSet(false, true)) return;
    try {
      start();
    } catch (RuntimeException | Error e) {
      driving.set(false);
      throw e;
    }
  }

  private OkHttpClient client() {
    OkHttpClient c = client;
    if (c == null) {
      OkHttpClient base = options.client().orElse(SHARED_CLIENT);
      c = SocketReads.configure(base, url, options.stallTimeout())
          .addNetworkInterceptor(new OriginHeaders(url, options.headers().keySet()))
          .build();
      client = c;
    }
    return c;
  }

  /** The URL this source was opened with. */
  public URI uri() {
    return uri;
  }

  /** The cache key of the resource. */
  public ResourceKey key() {
    return resource.key();
  }

  /** The current phase. */
  public Phase phase() {
    return phase.snapshot().phase();
  }

  /** Completes with the outcome when the phase becomes Complete; never completes exceptionally. */
  public CompletableFuture<DownloadOutcome> completion() {
    return phase.completion().thenApply(outcome -> outcome); // a copy: callers cannot complete ours
  }

  /** The length, once the server or the cache told it. */
  @Override
  public OptionalLong length() {
    return resource.length();
  }

  /**
   * The length, waiting up to {@code timeout} for it to become known.
   *
   * @throws dev.barbiton.assets.ResourceTimeoutException if still unknown after {@code timeout}
   * @throws dev.barbiton.assets.ResourceFailedException if the download failed first
   * @throws dev.barbiton.assets.ResourceClosedException if the source was closed
   */
  public long awaitLength(java.time.Duration timeout) throws IOException {
    return resource.awaitLength(timeout);
  }

  /** What is cached now. */
  public ByteRanges available() {
    return resource.available();
  }

  /**
   * The container and codecs, once the first bytes are in (or from the stored Content-Type); the
   * tracks' details ({@link MediaInfo#tracks()}) once the bytes that describe them are cached,
   * wherever they lie in the file: a {@code FileEvent.MediaDetailsReady} says when. Reads only
   * cached bytes and never waits.
   */
  public Optional<MediaInfo> mediaInfo() {
    return mediaInfo.get();
  }

  /**
   * What the origin said about the cached bytes: its {@code ETag} and {@code Last-Modified} (as
   * sent) and its {@code Content-Type}, from the latest response or, before any, from the cache's
   * index. Empty fields until the first response's headers are in (they are once {@link #length()}
   * is known from them, or once the first byte arrived). Never blocks.
   */
  public ResourceMetadata metadata() {
    return resource.metadata();
  }

  /**
   * The fragmented-MP4 segment index: final once the download is complete, provisional before
   * that when the file starts with a {@code sidx} (its byte ranges and durations), empty for any
   * other file.
   */
  public Optional<SegmentIndex> segmentIndex() {
    return segmentIndexes.get();
  }

  /**
   * Reads at {@code pos}, blocking up to the read timeout for at least one byte. Returns the bytes
   * read, 0 if {@code dst} is full, or -1 at or past a known length.
   *
   * @throws dev.barbiton.assets.ResourceTimeoutException if no byte arrived in time
   * @throws dev.barbiton.assets.ResourceFailedException if the download failed before the byte
   *     came; its cause is the download's typed exception
   * @throws dev.barbiton.assets.ResourceClosedException if the source was closed
   */
  public int readAt(long pos, ByteBuffer dst) throws IOException {
    return readHandle.readAt(pos, dst, options.readTimeout());
  }

  /** {@link RandomAccessSource#read}: {@link #readAt}, with the options' read timeout. */
  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    return readAt(position, dst);
  }

  /** A new read-only channel at position 0, with its own position; close it when done. */
  public SeekableByteChannel newChannel() throws IOException {
    SourceChannel channel = new SourceChannel(this, options.store().acquire(resource.key(), reads), options.readTimeout(), events);
    register(channel);
    return channel;
  }

  /** A new input stream from byte 0; close it when done. */
  public InputStream newInputStream() throws IOException {
    SourceChannel channel = new SourceChannel(this, options.store().acquire(resource.key(), reads), options.readTimeout(), events);
    register(channel);
    return java.nio.channels.Channels.newInputStream(channel);
  }

  private void register(SourceChannel view) throws IOException {
    views.add(view);
    if (closed.get()) {
      view.close();
      throw new IllegalStateException("source of " + key().redacted() + " is closed");
    }
  }

  void forget(AutoCloseable view) {
    views.remove(view);
  }

  /**
   * Pauses the download: the running request is stopped (what it brought stays cached) and no
   * other is sent until {@link #resume()}. The phase stays Downloading; reads of cached bytes go on,
   * reads of missing bytes wait for the resume up to their timeout. Returns false if the source was
   * paused already. A source whose download is over has nothing to pause; a pause still holds back
   * a refetch of bytes dropped as bad.
   */
  public boolean pause() {
    if (!pause.pause()) return false;
    DownloadDriver current = driver.get();
    if (current != null) current.pauseNow();
    return true;
  }

  /** Resumes a paused download from the bytes cached. Returns false if the source was not paused. */
  public boolean resume() {
    return pause.resume();
  }

  /** Whether {@link #pause()} holds the download now. */
  public boolean isPaused() {
    return pause.isPaused();
  }

  /**
   * This source's metrics as of now (see {@link SourceMetrics} for what each value means). Takes no
   * lock a reader or the download takes on its fast path; allocates only the snapshot.
   */
  public SourceMetrics metrics() {
    SourceCounters net = events.counters();
    long responses = net.responses();
    long first = net.firstByteNanos();
    long receiving = net.receivingNanos();
    long networkBytes = net.networkBytes();
    return new SourceMetrics(networkBytes, cachedAtOpen, resource.available().totalBytes(), resource.length(),
        net.requests(), net.failedRequests(), net.superseded(), net.retries(),
        first < 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(first)),
        responses == 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(net.firstByteTotalNanos() / responses)),
        java.time.Duration.ofNanos(receiving), receiving <= 0 ? 0 : networkBytes * 1e9 / receiving,
        reads.reads(), reads.bytesRead(), reads.waitedReads(), java.time.Duration.ofNanos(reads.waitNanos()),
        reads.waitingNow());
  }

  /** Stops the download, closes every view, releases the resource. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    pause.close();
    DownloadDriver current = driver.get();
    if (current != null) current.close();
    for (AutoCloseable view : views) {
      try {
        view.close();
      } catch (Exception ignored) {
        // A view that fails to close holds nothing of ours.
      }
    }
    readHandle.close();
    resource.close();
    phase.complete(new DownloadOutcome.Cancelled());
  }
}
