package dev.barbiton.assets;

import dev.barbiton.events.AssetEvent;
import dev.barbiton.events.EventBus;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cache directory of resources, each a sparse memory-mapped file written by one writer while any
 * number of readers read it.
 *
 * <p>A store takes an operating-system lock on its directory: a second store on the same
 * directory, in this process or another, fails at once with {@link CacheLockedException}. On open
 * it reads every resource's index; an index it cannot vouch for is set aside (renamed {@code
 * *.corrupt}) with its bytes deleted, and the store opens anyway.
 *
 * <p>The size bound counts the bytes of resources that nobody holds and that are not {@linkplain
 * #keepOffline kept offline}; a held resource (a handle or a writer is open) and a kept one are
 * never evicted. Past the bound the store evicts by its {@link EvictionPolicy} (by default the
 * least recently used first, so what was fetched last stays), and, with {@link
 * Builder#expireAfterAccess}, what was not used for that long. Evicting deletes the resource's
 * files; a {@linkplain #remove removal} of a held resource lets its holders read on and deletes
 * its files when the last one closes.
 *
 * <p>A resource nobody holds keeps no file descriptor and no mapping: the first handle opens its
 * file, the last close closes it. Opening a store reads every index (in parallel, for a large
 * cache) and opens no data file. {@link #entries()}, {@link #isCached}, {@link #cachedBytes} and
 * {@link #stats()} read memory only.
 *
 * <p>Every block of a resource (64 KiB, the last one shorter) gets a CRC32C once it is complete,
 * kept in the index. A block an earlier process wrote is checked against it before this process
 * first reads it, and by {@link #verify}; a block that fails is dropped, published as {@link
 * AssetEvent.BadBlock}, and fetched again by the resource's next download like any missing bytes:
 * bad bytes are never served.
 *
 * <p>All methods are thread-safe. {@link #close()} flushes what is pending, ends every handle (their
 * blocked reads throw {@link ResourceClosedException}) and releases the directory.
 */
public final class AssetStore implements AutoCloseable {

  private final Path directory;
  private final StoreConfig config;
  private final AssetEvents events;
  private final DirectoryLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ResourceTable table;
  private final EventBus eventBus;
  /** Every read of every handle counts here, and in a group's counters when it has some. */
  private final ReadCounters reads = new ReadCounters(null);
  private final LongAdder bytesWritten = new LongAdder();
  private final long maxBytes;
  private final long openedNanos = System.nanoTime();

  private AssetStore(Builder b, DirectoryLock lock) {
    this.directory = b.directory;
    this.eventBus = b.eventBus;
    this.config = new StoreConfig(b.directory, Integer.numberOfTrailingZeros(b.windowSize), b.flushBytes,
        b.flushInterval.toNanos(), b.indexBytes, b.indexInterval.toNanos());
    this.events = new AssetEvents(b.eventBus);
    this.lock = lock;
    this.maxBytes = b.maxBytes;
    this.table = new ResourceTable(config, events, new Evictor(b.policy, b.maxBytes, b.expireAfterAccess.toMillis()),
        closed);
  }

  /** Opens a store on {@code directory} with default settings. */
  public static AssetStore open(Path directory) throws IOException {
    return builder(directory).open();
  }

  /** A builder for a store on {@code directory}, created if absent. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The cache directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Opens a handle on the resource named {@code key}, creating an empty resource if there is none.
   * The resource stays pinned until the handle is closed; its data file is open while any handle
   * or writer is.
   *
   * @throws ResourceClosedException if the store is closed
   * @throws StorageException if its data file cannot be opened
   */
  public AssetResource acquire(ResourceKey key) throws IOException {
    return acquire(key, reads);
  }

  /**
   * As {@link #acquire(ResourceKey)}, for a handle that counts its reads in {@code counters} (from
   * {@link #newReadCounters()}) as well as in the store's totals.
   *
   * @throws IllegalArgumentException if {@code counters} were made by another store
   * @throws ResourceClosedException if the store is closed
   */
  public AssetResource acquire(ResourceKey key, ReadCounters counters) throws IOException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(counters, "counters");
    if (!counters.belongsTo(reads)) throw new IllegalArgumentException("counters of another store");
    ResourceState state = pin(key);
    state.touch();
    return new AssetResource(this, state, counters);
  }

  /**
   * New read counters for a group of handles (say, a file source and its channels): pass them to
   * {@link #acquire(ResourceKey, ReadCounters)}. Their reads count in the store's totals too.
   */
  public ReadCounters newReadCounters() {
    return new ReadCounters(reads);
  }

  /**
   * Deletes the resource named {@code key}. One nobody holds loses its files at once; one that is
   * open leaves the store at once (a new {@link #acquire} of the key starts empty, a restart never
   * restores it) while its handles go on reading, and its file goes when the last of them closes.
   * Returns false when there was none.
   */
  public boolean remove(ResourceKey key) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    long bytes = table.remove(key);
    if (bytes >= 0) events.evicted(key, bytes, AssetEvent.EvictionReason.REMOVED);
    return bytes >= 0;
  }

  /**
   * {@link #remove}s every resource, kept offline or not (open ones go when their last handle
   * closes). Returns how many there were.
   */
  public int clear() {
    int removed = 0;
    for (ResourceKey key : keys()) if (remove(key)) removed++;
    return removed;
  }

  /**
   * Keeps the resource named {@code key} offline: it is never evicted, by size or age, until
   * {@link #release(ResourceKey)}; the mark is persisted at once and survives restarts. A key
   * with no resource yet gets an empty one, kept, for the download that fills it.
   *
   * @throws ResourceClosedException if the store is closed
   * @throws StorageException if the mark cannot be persisted
   */
  public void keepOffline(ResourceKey key) throws IOException {
    Objects.requireNonNull(key, "key");
    if (closed.get()) throw new ResourceClosedException(key, "store");
    table.keepOffline(key);
  }

  /**
   * Ends {@link #keepOffline}: the resource is evicted again like any other (at once, if the
   * store is over its bound). Returns false when it was not kept offline.
   *
   * @throws StorageException if the change cannot be persisted
   */
  public boolean release(ResourceKey key) throws IOException {
    Objects.requireNonNull(key, "key");
    return table.release(key);
  }

  /**
   * What the store holds, one entry per resource, the most recently accessed first. Read from
   * memory: no file and no resource is opened.
   */
  public List<CacheEntry> entries() {
    List<CacheEntry> entries = new ArrayList<>();
    for (ResourceState state : table.inStore()) entries.add(entryOf(state));
    entries.sort(Comparator.comparing(CacheEntry::lastAccess).reversed());
    return entries;
  }

  /** The entry of the resource named {@code key}, if the store has one (see {@link #entries()}). */
  public Optional<CacheEntry> entry(ResourceKey key) {
    ResourceState state = table.get(key);
    return state == null ? Optional.empty() : Optional.of(entryOf(state));
  }

  /** Whether every byte of the resource named {@code key} is here (it reads with no network). */
  public boolean isCached(ResourceKey key) {
    return entry(key).map(CacheEntry::complete).orElse(false);
  }

  /** The bytes held of the resource named {@code key}; 0 when there is none. */
  public long cachedBytes(ResourceKey key) {
    return entry(key).map(CacheEntry::cachedBytes).orElse(0L);
  }

  private static CacheEntry entryOf(ResourceState state) {
    ResourceView v = state.view();
    return new CacheEntry(state.key, v.length() < 0 ? OptionalLong.empty() : OptionalLong.of(v.length()),
        v.stored().totalBytes(), v.committed(), Instant.ofEpochMilli(state.lastAccessMillis()), state.pins.get() > 0,
        state.keptOffline());
  }

  /**
   * The bus this store publishes on (commits, evictions, discarded files), if one was given; file
   * sources over this store publish on it too unless their options name another.
   */
  public Optional<EventBus> eventBus() {
    return Optional.ofNullable(eventBus);
  }

  /** Counters as of now. */
  public StoreStats stats() {
    long bytes = 0;
    int count = 0;
    int pinned = 0;
    int offline = 0;
    for (ResourceState state : table.inStore()) {
      bytes += state.view().stored().totalBytes();
      count++;
      if (state.pins.get() > 0) pinned++;
      if (state.keptOffline()) offline++;
    }
    long held = 0;
    for (ResourceState state : table.removing()) held += state.view().stored().totalBytes();
    return new StoreStats(bytes + held, count, pinned, table.evictions(), offline, held);
  }

  /**
   * The store's metrics as of now: sizes, bytes written and read, waits, evictions (see {@link
   * StoreMetrics}). Cheap enough to poll many times a second: it sums a few counters and walks
   * the resources' published views, taking no lock a reader or writer takes.
   */
  public StoreMetrics metrics() {
    StoreStats now = stats();
    return new StoreMetrics(now.bytesUsed(), maxBytes, now.resources(), now.pinned(), bytesWritten.sum(),
        reads.reads(), reads.bytesRead(), reads.waitedReads(), Duration.ofNanos(reads.waitNanos()), reads.waitingNow(),
        now.evictions(), table.evictedBytes(), Duration.ofNanos(System.nanoTime() - openedNanos));
  }

  /** The keys of every resource in the store. */
  public List<ResourceKey> keys() {
    List<ResourceKey> keys = new ArrayList<>();
    for (ResourceState state : table.inStore()) keys.add(state.key);
    return keys;
  }

  /**
   * Checks every block of the resource named {@code key} that has a checksum against the bytes on
   * disk now, whether or not it was checked before, and drops the bad ones (see the class
   * documentation). Runs on the caller's thread, reading every checked byte; readers go on
   * meanwhile. A resource not in the store gives an empty result.
   *
   * @throws ResourceClosedException if the store is closed
   */
  public VerifyResult verify(ResourceKey key) throws IOException {
    Objects.requireNonNull(key, "key");
    if (closed.get()) throw new ResourceClosedException(key, "store");
    if (table.get(key) == null) return new VerifyResult(key, 0, 0, List.of(), 0);
    ResourceState state = pin(key);
    try {
      return state.verifyAll();
    } finally {
      unpin(state);
    }
  }

  /**
   * {@link #verify} for every resource in the store, one after the other; one result each, in
   * no particular order.
   *
   * @throws ResourceClosedException if the store is closed
   */
  public List<VerifyResult> verifyAll() throws IOException {
    List<VerifyResult> results = new ArrayList<>();
    for (ResourceKey key : keys()) results.add(verify(key));
    return results;
  }

  /**
   * Persists what is pending, closes every resource (blocked readers get {@link
   * ResourceClosedException}), deletes the files of resources removed while open, and releases
   * the directory lock. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) return;
    IOException first = null;
    for (ResourceState state : table.all()) {
      try {
        state.closeForStore();
      } catch (IOException e) {
        if (first == null) first = e; else first.addSuppressed(e);
      }
    }
    try {
      lock.close();
    } catch (IOException e) {
      if (first == null) first = e; else first.addSuppressed(e);
    }
    if (first != null) throw first;
  }

  // ---- pins and claims, used by handles ----

  private ResourceState pin(ResourceKey key) throws IOException {
    if (closed.get()) throw new ResourceClosedException(key, "store");
    return table.pin(key);
  }

  void unpin(ResourceState state) {
    table.unpin(state);
  }

  ResourceWriter claimWriter(ResourceState state) throws IOException {
    if (closed.get() || state.view().closed()) throw new ResourceClosedException(state.key, "store");
    table.pinHeld(state);
    ResourceWriter writer = new ResourceWriter(this, state);
    if (!state.writer.compareAndSet(null, writer)) {
      unpin(state);
      throw new WriterClaimedException(state.key);
    }
    state.clearFailure();
    return writer;
  }

  void countWritten(long bytes) {
    bytesWritten.add(bytes);
  }

  void releaseWriter(ResourceState state, ResourceWriter writer) {
    state.writer.compareAndSet(writer, null);
    state.signalWaiters(); // a second downloader may be waiting to take over
    unpin(state);
  }

  private void load() {
    table.load(StoreScan.run(config, events).states());
  }

  private void checkOpen() {
    if (closed.get()) throw new IllegalStateException("store on " + directory + " is closed");
  }

  /** Options for {@link AssetStore}. */
  public static final class Builder {
    private final Path directory;
    private long maxBytes = 2L << 30;
    private int windowSize = 32 << 20;
    private long flushBytes = 8 << 20;
    private Duration flushInterval = Duration.ofSeconds(2);
    private long indexBytes = 256 << 10;
    private Duration indexInterval = Duration.ofMillis(200);
    private EventBus eventBus;
    private EvictionPolicy policy = EvictionPolicy.LEAST_RECENTLY_USED;
    private Duration expireAfterAccess = Duration.ZERO;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** Bytes kept by resources that are not open before eviction starts; default 2 GiB. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 0) throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
      this.maxBytes = maxBytes;
      return this;
    }

    /** Size of each memory-mapped window: a power of two from 64 KiB to 1 GiB; default 32 MiB. */
    public Builder windowSize(int windowSize) {
      if (Integer.bitCount(windowSize) != 1 || windowSize < (64 << 10) || windowSize > (1 << 30)) {
        throw new IllegalArgumentException("windowSize is not a power of two in [64 KiB, 1 GiB]: " + windowSize);
      }
      this.windowSize = windowSize;
      return this;
    }

    /**
     * Written bytes that trigger a forced flush (force the data to the device, then write and
     * force the index): what a power loss may cost at most; default 8 MiB.
     */
    public Builder flushBytes(long flushBytes) {
      if (flushBytes < 1) throw new IllegalArgumentException("flushBytes < 1: " + flushBytes);
      this.flushBytes = flushBytes;
      return this;
    }

    /** Time after which the next write makes a forced flush; default 2 s. */
    public Builder flushInterval(Duration flushInterval) {
      if (flushInterval.isNegative()) throw new IllegalArgumentException("flushInterval < 0: " + flushInterval);
      this.flushInterval = flushInterval;
      return this;
    }

    /**
     * Written bytes after which the index is written again, without forcing anything (a small
     * file and a rename): what a killed process may cost at most; default 256 KiB. Bytes such an
     * index claims that a power loss took fail their checksum when read, and are fetched again.
     * The index is written at most every 20 ms, so a fast download loses at most what arrives in
     * that time; and for a resource whose index is large (4 bytes per 64 KiB block), it waits for
     * at least 16 times its own size in new bytes.
     */
    public Builder indexBytes(long indexBytes) {
      if (indexBytes < 1) throw new IllegalArgumentException("indexBytes < 1: " + indexBytes);
      this.indexBytes = indexBytes;
      return this;
    }

    /** Time after which the next write writes the index, unforced; default 200 ms. */
    public Builder indexInterval(Duration indexInterval) {
      if (indexInterval.isNegative()) throw new IllegalArgumentException("indexInterval < 0: " + indexInterval);
      this.indexInterval = indexInterval;
      return this;
    }

    /**
     * Which resources go first when the store passes {@link #maxBytes}; default {@link
     * EvictionPolicy#LEAST_RECENTLY_USED}.
     */
    public Builder eviction(EvictionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Evicts a resource nobody holds (and not kept offline) once its last access is older than
     * {@code ttl}; checked whenever a handle is opened or closed and when the store opens. Zero,
     * the default, keeps resources regardless of age.
     */
    public Builder expireAfterAccess(Duration ttl) {
      if (ttl.isNegative()) throw new IllegalArgumentException("expireAfterAccess < 0: " + ttl);
      this.expireAfterAccess = ttl;
      return this;
    }

    /** Where the store publishes {@link AssetEvent}s; none by default. */
    public Builder eventBus(EventBus eventBus) {
      this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
      return this;
    }

    /**
     * Opens the store: creates the directory if needed, locks it, and loads every index.
     *
     * @throws CacheLockedException if another store has the directory
     * @throws StoreDirectoryException if the directory is not one, cannot be created or written,
     *     or its disk is full
     */
    public AssetStore open() throws IOException {
      DirectoryLock lock;
      try {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
          throw new FileAlreadyExistsException(directory.toString(), null, "not a directory");
        }
        Files.createDirectories(directory);
        lock = DirectoryLock.acquire(directory);
        if (!Files.isWritable(directory)) {
          lock.close();
          throw new AccessDeniedException(directory.toString());
        }
      } catch (AssetException e) {
        throw e; // locked by another store
      } catch (IOException e) {
        throw StoreDirectoryException.of(directory, e);
      }
      try {
        AssetStore store = new AssetStore(this, lock);
        store.load();
        return store;
      } catch (RuntimeException | Error e) {
        lock.close();
        throw e;
      }
    }
  }
}
