package dev.barbiton.assets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about one resource that its handles share: the published view of its bytes, the
 * waiting readers, the writer claim, the pin count, block checksums and persistence.
 *
 * <h2>Concurrency</h2>
 *
 * <p>Threads: any number of readers; at most one writer at a time (the holder of {@link #writer});
 * the store's threads (acquire/release, eviction, verify, close).
 *
 * <p>Everything a reader looks at is one immutable {@link ResourceView} behind {@link #view}:
 * readable and unchecked ranges, the storage, length, committed, failure, closed. A reader does
 * one volatile read and, when its bytes are readable, copies them with no lock and no allocation.
 * Every change replaces the view by compare-and-set; the writer is the only frequent changer.
 *
 * <p>Happens-before: the writer's {@code FileChannel.write} returns before the compare-and-set that
 * publishes the range it wrote; a reader whose volatile read sees that range therefore sees those
 * bytes through its mapping (mapping and channel share the page cache).
 *
 * <p>Unchecked bytes (blocks an earlier process wrote) are never copied before their check: a
 * reader whose position is unchecked has {@link #verifier} check the blocks from there (at most
 * {@link BlockVerifier#READ_AHEAD}), which moves them to the readable set or drops them; then it
 * looks again. So each block is checked once per process, on the slow path, and a bad one reads
 * as missing: the reader waits for it like for any byte not yet downloaded.
 *
 * <p>Waiting: a reader whose byte is missing increments {@link #waiters}, then rechecks the view
 * under {@link #lock} and awaits {@link #changed}. A changer replaces the view, then reads {@code
 * waiters} and takes the lock to signal only when it is non-zero. Each side writes one volatile and
 * then reads the other's, so at least one of them sees the other: no lost wake-up, and no lock
 * taken on a write when nobody waits.
 *
 * <p>Locks: {@link #lock} guards only the condition; {@link #flushLock} serializes persistence
 * (checksums of new blocks, force, the index) and guards {@link #forced}; the verifier's lock
 * serializes checks and is taken before {@code flushLock}, never after. No lock is held while
 * events are published or listeners run.
 */
final class ResourceState {
  private static final Logger log = LoggerFactory.getLogger(ResourceState.class);
  static final long UNKNOWN = -1;

  final ResourceKey key;
  final StoreConfig config;
  private final Path dataFile;
  private final Path indexFile;
  private final AssetEvents events;

  private final AtomicReference<ResourceView> view;
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Object flushLock = new Object();

  /** Handles and writers open on this resource; changed only inside the store's cache compute. */
  final AtomicInteger pins = new AtomicInteger();
  final AtomicReference<ResourceWriter> writer = new AtomicReference<>();

  /** Positions blocked readers wait for, newest first; touched only on the slow path. */
  private final ConcurrentLinkedDeque<Long> demands = new ConcurrentLinkedDeque<>();
  private volatile LongConsumer demandListener;

  /** Handles told when bytes fail their check. */
  private final BadBlockListeners badBlockListeners = new BadBlockListeners();

  private volatile ResourceMetadata metadata;
  private volatile long lastAccessMillis;
  private volatile boolean dirty;
  private final PersistCadence cadence;
  private final BlockChecksums checksums;
  private final BlockVerifier verifier = new BlockVerifier(this);
  /** Bytes forced to disk that no checksum covers yet; guarded by flushLock. */
  private ByteRanges forced;

  ResourceState(ResourceKey key, StoreConfig config, AssetEvents events, ResourceView initial, ResourceMetadata metadata,
      long lastAccessMillis, BlockChecksums checksums, ByteRanges forced) {
    this.key = key;
    this.config = config;
    this.dataFile = config.directory().resolve(key.fileId() + StoreConfig.DATA_SUFFIX);
    this.indexFile = config.directory().resolve(key.fileId() + IndexFile.SUFFIX);
    this.events = events;
    this.view = new AtomicReference<>(initial);
    this.metadata = metadata;
    this.lastAccessMillis = lastAccessMillis;
    this.cadence = new PersistCadence(config);
    this.checksums = checksums;
    this.forced = forced;
  }

  static ResourceState fresh(ResourceKey key, StoreConfig config, AssetEvents events) {
    return new ResourceState(key, config, events, ResourceView.empty(false), ResourceMetadata.empty(),
        System.currentTimeMillis(), BlockChecksums.empty(), ByteRanges.empty());
  }

  ResourceView view() {
    return view.get();
  }

  BlockChecksums checksums() {
    return checksums;
  }

  BlockVerifier verifier() {
    return verifier;
  }

  ResourceMetadata metadata() {
    return metadata;
  }

  long lastAccessMillis() {
    return lastAccessMillis;
  }

  void touch() {
    lastAccessMillis = System.currentTimeMillis();
    dirty = true;
  }

  /** The weight of this resource for eviction, in KiB; 0 while pinned. */
  int weightKiB() {
    if (pins.get() > 0) return 0;
    long kib = (view.get().stored().totalBytes() + 1023) >>> 10;
    return (int) Math.min(Integer.MAX_VALUE, kib);
  }

  // ---- reading ----

  /** See {@link AssetResource#readAt(long, ByteBuffer, Duration)}; timeoutNanos < 0 waits forever. */
  int readAt(long pos, ByteBuffer dst, long timeoutNanos, BooleanSupplier handleClosed, ReadCounters counters)
      throws IOException {
    if (pos < 0) throw new IllegalArgumentException("pos < 0: " + pos);
    if (!dst.hasRemaining()) return 0;
    boolean waited = false;
    for (;;) {
      ResourceView v = view.get();
      long available = v.readable().contiguousFrom(pos);
      if (available == 0) {
        long unchecked = v.unchecked().contiguousFrom(pos);
        if (unchecked > 0) {
          check(pos, pos + Math.min(unchecked, BlockVerifier.READ_AHEAD));
          continue;
        }
        if (await(pos, 1, timeoutNanos, handleClosed, counters) < 0) return -1;
        waited = true;
        continue;
      }
      if (handleClosed.getAsBoolean()) throw new ResourceClosedException(key, "handle");
      if (v.closed()) throw new ResourceClosedException(key, "store");
      int n = (int) Math.min(dst.remaining(), available);
      try {
        v.storage().copy(pos, dst, n);
        counters.read(n, waited);
        return n;
      } catch (IOException e) {
        // The storage was replaced (discard) or closed under us: look again.
        ResourceView now = view.get();
        if (now.closed()) throw new ResourceClosedException(key, "store");
        if (now.storage() == v.storage()) {
          throw new StorageException("reading " + n + " bytes at " + pos + " of " + key.redacted() + " failed", e);
        }
      }
    }
  }

  /**
   * Waits until {@code len} bytes at {@code pos} are available (fewer when the known length ends
   * sooner). Returns the bytes available from {@code pos}, or -1 when {@code pos} is at or after a
   * known length.
   */
  long await(long pos, long len, long timeoutNanos, BooleanSupplier handleClosed, ReadCounters counters)
      throws IOException {
    ResourceView v = view.get();
    long ready = readyFor(v, pos, len);
    if (ready != 0) return ready;
    long end = v.length() >= 0 ? Math.min(v.length(), pos + len) : pos + len;
    if (v.unchecked().intersects(pos, end)) {
      check(pos, end); // once: unchecked bytes only ever leave the set
      v = view.get();
      ready = readyFor(v, pos, len);
      if (ready != 0) return ready;
    }
    long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    Long demand = pos; // equal positions are interchangeable: one entry per waiting read
    demands.addFirst(demand);
    announceDemand(pos);
    waiters.incrementAndGet();
    long waitStart = timeoutNanos == 0 ? 0 : System.nanoTime(); // a zero timeout only looks: no wait
    if (timeoutNanos != 0) counters.waitStarted();
    lock.lock();
    try {
      for (;;) {
        v = view.get();
        ready = readyFor(v, pos, len);
        if (ready != 0) return ready;
        if (v.failure() != null) throw new ResourceFailedException(key, v.failure());
        if (v.closed()) throw new ResourceClosedException(key, "store");
        if (handleClosed.getAsBoolean()) throw new ResourceClosedException(key, "handle");
        long remaining = timeoutNanos < 0 ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime();
        if (remaining <= 0) throw ResourceTimeoutException.forByte(key, pos, Duration.ofNanos(timeoutNanos));
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted waiting for byte " + pos + " of " + key.redacted());
      ie.initCause(e);
      throw ie;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
      demands.removeFirstOccurrence(demand);
      if (timeoutNanos != 0) counters.waitEnded(System.nanoTime() - waitStart);
    }
  }

  /**
   * Waits until the length is known (set by the writer, or final at commit) and returns it.
   * Failure, close and timeout end the wait as for {@link #await}.
   */
  long awaitLength(long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    long known = view.get().length();
    if (known >= 0) return known;
    long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      for (;;) {
        ResourceView v = view.get();
        if (v.length() >= 0) return v.length();
        if (v.failure() != null) throw new ResourceFailedException(key, v.failure());
        if (v.closed()) throw new ResourceClosedException(key, "store");
        if (handleClosed.getAsBoolean()) throw new ResourceClosedException(key, "handle");
        long remaining = timeoutNanos < 0 ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime();
        if (remaining <= 0) throw ResourceTimeoutException.forLength(key, Duration.ofNanos(timeoutNanos));
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted waiting for the length of " + key.redacted());
      ie.initCause(e);
      throw ie;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /** Tells the writer's demand listener, if any, that a reader now waits at {@code pos}. */
  private void announceDemand(long pos) {
    LongConsumer listener = demandListener;
    if (listener == null) return;
    try {
      listener.accept(pos);
    } catch (RuntimeException e) {
      log.warn("demand listener of {} threw; ignored", key.redacted(), e);
    }
  }

  void setDemandListener(LongConsumer listener) {
    demandListener = listener;
  }

  /** Positions readers wait for now, the most recent first. */
  long[] waitingPositions() {
    return demands.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Waits until no writer holds the resource or it is committed; false on timeout. How a second
   * downloader of the same resource waits to take over from the first.
   */
  boolean awaitNoWriter(long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      for (;;) {
        ResourceView v = view.get();
        if (writer.get() == null || v.committed()) return true;
        if (v.closed()) throw new ResourceClosedException(key, "store");
        if (handleClosed.getAsBoolean()) throw new ResourceClosedException(key, "handle");
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) return false;
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the writer of " + key.redacted());
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /**
   * Bytes available from pos if enough to satisfy the wait; -1 at or past a known length, committed
   * or not (the length is final once known: a consumer reading to the end must not wait for the
   * download to finish); 0 to wait.
   */
  private static long readyFor(ResourceView v, long pos, long len) {
    if (v.length() >= 0 && pos >= v.length()) return -1;
    long wanted = v.length() >= 0 ? Math.min(len, v.length() - pos) : len;
    long available = v.readable().contiguousFrom(pos);
    return wanted > 0 && available >= wanted ? available : 0;
  }

  /** Wakes every waiting reader so it looks at the view again; free when nobody waits. */
  void signalWaiters() {
    if (waiters.get() == 0) return;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- checking blocks ----

  /** Checks the unchecked blocks in {@code [from, to)}, then tells of the bad ones. */
  private void check(long from, long to) throws ResourceClosedException {
    BlockVerifier.Outcome outcome = verifier.checkUnchecked(from, to);
    if (!outcome.bad().isEmpty()) badBlocksFound(outcome.bad());
  }

  /** See {@link AssetStore#verify}. */
  VerifyResult verifyAll() throws ResourceClosedException {
    return verifier.verifyAll();
  }

  /**
   * Applies a check of the bytes in {@code checked}: {@code good} blocks become readable, {@code
   * bad} ones are dropped with their checksums (under the flush lock, so no index claims them
   * forced). Nothing changes if the file was dropped meanwhile (discarded, evicted): those were
   * another file's bytes. Called by the verifier, under its lock.
   */
  void applyCheck(MappedStorage checked, ByteRanges good, ByteRanges bad) {
    UnaryOperator<ResourceView> apply = x -> x.storage() == checked ? x.checked(good, bad) : x;
    if (bad.isEmpty()) {
      view.updateAndGet(apply);
      return;
    }
    synchronized (flushLock) {
      if (view.get().storage() != checked) return; // discard and delete take flushLock too
      checksums.remove(bad);
      forced = forced.without(bad);
      view.updateAndGet(apply);
      dirty = true;
    }
  }

  /** Wakes the readers, publishes bad blocks and tells the handles that listen; no lock held. */
  void badBlocksFound(ByteRanges bad) {
    log.warn("{}: {} failed their checksum; dropped, to be fetched again", key.redacted(), bad);
    signalWaiters();
    events.badBlocks(key, bad);
    badBlockListeners.tell(bad);
  }

  void addBadBlockListener(AssetResource handle) {
    badBlockListeners.add(handle);
  }

  void removeBadBlockListener(AssetResource handle) {
    badBlockListeners.remove(handle);
  }

  // ---- writing (the writer claim's thread) ----

  void write(long pos, ByteBuffer src) throws IOException {
    int n = src.remaining();
    if (pos < 0) throw new IllegalArgumentException("pos < 0: " + pos);
    if (n == 0) return;
    ResourceView v = writableView();
    if (v.length() >= 0 && pos + n > v.length()) {
      throw new IllegalArgumentException("write of " + n + " bytes at " + pos + " passes the length " + v.length());
    }
    MappedStorage storage = storage(v);
    try {
      storage.ensureAllocated(pos + n, v.length() >= 0);
      storage.write(pos, src);
    } catch (IOException e) {
      if (view.get().closed()) throw new ResourceClosedException(key, "store");
      throw new StorageException("writing " + n + " bytes at " + pos + " of " + key.redacted() + " failed", e);
    }
    update(x -> x.withReadable(x.readable().with(pos, pos + n)));
    signalWaiters();
    PersistCadence.Due due = cadence.afterWrite(n);
    if (due != PersistCadence.Due.NONE) flush(due == PersistCadence.Due.FORCE);
  }

  void setLength(long length) throws IOException {
    if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    ResourceView v = writableView();
    if (v.length() == length) return;
    if (v.length() >= 0) {
      throw new IllegalArgumentException("length " + length + " contradicts the known length " + v.length() + " of " + key.redacted());
    }
    if (v.stored().end() > length) {
      throw new IllegalArgumentException("length " + length + " is shorter than bytes already written up to " + v.stored().end());
    }
    MappedStorage storage = storage(v);
    try {
      storage.resize(length);
    } catch (IOException e) {
      throw new StorageException("sizing " + key.redacted() + " to " + length + " bytes failed", e);
    }
    update(x -> x.withLength(length));
    dirty = true;
    signalWaiters();
  }

  void commit(long length) throws IOException {
    setLength(length);
    ResourceView v = view.get();
    if (!v.stored().contains(0, length)) {
      throw new IllegalStateException("cannot commit " + key.redacted() + " at " + length
          + " bytes: bytes are missing from " + v.stored().firstMissing(0));
    }
    update(ResourceView::committedNow);
    signalWaiters();
    flush(true);
    events.committed(key, length);
  }

  void fail(Throwable cause) throws IOException {
    update(x -> x.withFailure(cause));
    signalWaiters();
    if (view.get().stored().isEmpty()) {
      deleteFiles();
    } else {
      flush(true);
    }
    events.failed(key, String.valueOf(cause.getMessage()));
  }

  /** A new writer clears an earlier writer's failure. */
  void clearFailure() {
    update(x -> x.failure() == null ? x : x.withFailure(null));
  }

  /** Drops every byte and all metadata: the resource changed at its origin. */
  void discard() throws IOException {
    ResourceView old;
    synchronized (flushLock) {
      old = view.getAndUpdate(x -> x.emptied(false));
      metadata = ResourceMetadata.empty();
      checksums.clear();
      forced = ByteRanges.empty();
    }
    signalWaiters();
    synchronized (flushLock) {
      closeQuietly(old.storage());
      deleteQuietly(dataFile);
      deleteQuietly(indexFile);
    }
  }

  void setMetadata(ResourceMetadata metadata) {
    this.metadata = metadata;
    dirty = true;
  }

  private ResourceView writableView() throws ResourceClosedException {
    ResourceView v = view.get();
    if (v.closed()) throw new ResourceClosedException(key, "store");
    if (v.committed()) throw new IllegalStateException(key.redacted() + " is committed; it cannot change");
    return v;
  }

  private MappedStorage storage(ResourceView v) throws IOException {
    if (v.storage() != null) return v.storage();
    MappedStorage created;
    try {
      created = MappedStorage.open(dataFile, config.windowShift());
    } catch (IOException e) {
      throw new StorageException("creating " + dataFile + " for " + key.redacted() + " failed", e);
    }
    update(x -> x.withStorage(created));
    return created;
  }

  private void update(UnaryOperator<ResourceView> change) {
    view.updateAndGet(change);
  }

  // ---- persistence ----

  /** Forces the data, then persists the index that covers it: never the other way round. */
  void flush() throws IOException {
    flush(true);
  }

  /**
   * Sums the blocks completed since the last index, forces the data when {@code force} (then the
   * readable bytes are forced, checksummed or not), and writes the index: forced too, when {@code
   * force}, else only written, which a killed process does not lose. An index never claims a
   * checksum for bytes not written: only blocks complete in the view it writes are summed.
   */
  void flush(boolean force) throws IOException {
    synchronized (flushLock) {
      ResourceView v = view.get();
      if (v.closed()) return;
      int indexBytes = 0;
      try {
        if (v.stored().isEmpty() && !v.committed()) {
          deleteQuietly(indexFile);
        } else {
          if (v.storage() != null) {
            sumNewBlocks(v);
            if (force) {
              v.storage().force();
              forced = forced.union(v.readable());
            }
          }
          ByteRanges claimedForced = forced.intersection(v.stored());
          indexBytes = IndexFile.write(indexFile, new IndexFile.Entry(key, v.length(), v.committed(), lastAccessMillis,
              metadata, v.stored(), claimedForced, checksums), force);
        }
      } catch (IOException e) {
        throw new StorageException("persisting " + key.redacted() + " failed", e);
      }
      cadence.persisted(force, indexBytes);
      dirty = false;
    }
  }

  /** Gives every block complete in the readable bytes a checksum, from the bytes as mapped. */
  private void sumNewBlocks(ResourceView v) throws IOException {
    for (long block : checksums.missing(v.readable(), v.length())) {
      long start = checksums.start(block);
      checksums.put(block, v.storage().crc32c(start, checksums.end(block, v.length()) - start));
    }
  }

  /** Persists what changed, then closes: blocked readers and later calls get ResourceClosedException. */
  void closeForStore() throws IOException {
    synchronized (flushLock) {
      try {
        if (dirty || cadence.pending()) flush(true);
      } finally {
        ResourceView old = view.getAndUpdate(ResourceView::closedNow);
        closeQuietly(old.storage());
      }
    }
    signalWaiters();
  }

  /** Deletes this resource's files; the state stays usable and starts empty. */
  void deleteFiles() {
    synchronized (flushLock) {
      ResourceView old = view.getAndUpdate(x -> x.emptied(true));
      checksums.clear();
      forced = ByteRanges.empty();
      closeQuietly(old.storage());
      deleteQuietly(dataFile);
      deleteQuietly(indexFile);
    }
    signalWaiters();
  }

  boolean hasNoBytes() {
    ResourceView v = view.get();
    return v.stored().isEmpty() && !v.committed();
  }

  private static void closeQuietly(MappedStorage storage) {
    if (storage == null) return;
    try {
      storage.close();
    } catch (IOException ignored) {
      // Closing a file we are about to forget: nothing left to save.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A file that cannot be deleted is found and cleaned by the next open's scan.
    }
  }
}
