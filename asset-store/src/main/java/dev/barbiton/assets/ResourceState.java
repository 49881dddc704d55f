package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about one resource that its handles share: the published view of its bytes, the
 * waiting readers ({@link ReaderWaits}), the writer claim, the pin count, block checksums,
 * persistence, and the file's life: opened when first held, closed when nobody holds it, and on
 * removal deleted once the last handle closes.
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
 * <p>Waiting: see {@link ReaderWaits}; every change of the view is followed by {@link
 * #signalWaiters}, which costs nothing when nobody waits.
 *
 * <p>Open files and persistence: see {@link ResourceFiles}. A resource nobody holds (no handle,
 * no writer) has no storage in its view, so it keeps no file descriptor and references no
 * mapping. The store pins first, then calls {@link #openForHandle}; it unpins, then calls {@link
 * #closeIdle}; both read the pin count under the files' lock, so a close never takes the storage
 * from under a new holder.
 *
 * <p>Locks: the files' lock serializes persistence, opening, closing and deleting; the
 * verifier's lock serializes checks and is taken before the files' lock, never after. No lock is
 * held while events are published or listeners run.
 */
final class ResourceState {
  private static final Logger log = LoggerFactory.getLogger(ResourceState.class);
  static final long UNKNOWN = -1;

  final ResourceKey key;
  final StoreConfig config;
  private final AssetEvents events;

  private final AtomicReference<ResourceView> view;
  private final ReaderWaits waits;
  private final ResourceFiles files;

  /**
   * Handles and writers open on this resource; changed inside the store's map compute while the
   * resource is in the store, atomically on its own once it was removed.
   */
  final AtomicInteger pins = new AtomicInteger();
  final AtomicReference<ResourceWriter> writer = new AtomicReference<>();
  private volatile boolean keptOffline;

  /** Handles told when bytes fail their check. */
  private final BadBlockListeners badBlockListeners = new BadBlockListeners();

  private volatile ResourceMetadata metadata;
  private volatile long lastAccessMillis;
  private final BlockChecksums checksums;
  private final BlockVerifier verifier = new BlockVerifier(this);

  ResourceState(ResourceKey key, StoreConfig config, AssetEvents events, ResourceView initial, ResourceMetadata metadata,
      long lastAccessMillis, BlockChecksums checksums, ByteRanges forced, boolean keptOffline) {
    this.key = key;
    this.config = config;
    this.events = events;
    this.view = new AtomicReference<>(initial);
    this.waits = new ReaderWaits(key, view);
    this.metadata = metadata;
    this.lastAccessMillis = lastAccessMillis;
    this.checksums = checksums;
    this.files = new ResourceFiles(this, view, checksums, forced);
    this.keptOffline = keptOffline;
  }

  static ResourceState fresh(ResourceKey key, StoreConfig config, AssetEvents events) {
    return new ResourceState(key, config, events, ResourceView.empty(false), ResourceMetadata.empty(),
        System.currentTimeMillis(), BlockChecksums.empty(), ByteRanges.empty(), false);
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

  /** Marks an access now; persisted with the next index, never by itself. */
  void touch() {
    lastAccessMillis = System.currentTimeMillis();
    files.markDirty();
  }

  boolean keptOffline() {
    return keptOffline;
  }

  boolean removed() {
    return files.removed();
  }

  /** Sets the kept-offline flag, to be persisted by {@link #setKeptOffline}. */
  void setKeptOfflineFlag(boolean kept) {
    keptOffline = kept;
    files.markDirty();
  }

  /** Sets the kept-offline flag and writes the index that persists it. */
  void setKeptOffline(boolean kept) throws IOException {
    setKeptOfflineFlag(kept);
    files.flush(false);
  }

  /** The bytes eviction would free: 0 while held or kept offline. */
  long evictableBytes() {
    return pins.get() > 0 || keptOffline ? 0 : view.get().stored().totalBytes();
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
      MappedStorage storage = v.storage();
      if (storage == null) {
        files.openForHandle(); // closed while nobody held it, and this handle raced its own acquire
        continue;
      }
      int n = (int) Math.min(dst.remaining(), available);
      try {
        storage.copy(pos, dst, n);
        counters.read(n, waited);
        return n;
      } catch (IOException e) {
        // The storage was replaced (discard) or closed under us: look again.
        ResourceView now = view.get();
        if (now.closed()) throw new ResourceClosedException(key, "store");
        if (now.storage() == storage) {
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
    long ready = ReaderWaits.readyFor(v, pos, len);
    if (ready != 0) return ready;
    long end = v.length() >= 0 ? Math.min(v.length(), pos + len) : pos + len;
    if (v.unchecked().intersects(pos, end)) {
      check(pos, end); // once: unchecked bytes only ever leave the set
      ready = ReaderWaits.readyFor(view.get(), pos, len);
      if (ready != 0) return ready;
    }
    return waits.awaitBytes(pos, len, timeoutNanos, handleClosed, counters);
  }

  /** Waits until the length is known and returns it; see {@link AssetResource#awaitLength}. */
  long awaitLength(long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    return waits.awaitLength(timeoutNanos, handleClosed);
  }

  /**
   * Waits until no writer holds the resource or it is committed; false on timeout. How a second
   * downloader of the same resource waits to take over from the first.
   */
  boolean awaitNoWriter(long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    return waits.awaitNoWriter(() -> writer.get() == null, timeoutNanos, handleClosed);
  }

  void setDemandListener(LongConsumer listener) {
    waits.setDemandListener(listener);
  }

  /** Positions readers wait for now, the most recent first. */
  long[] waitingPositions() {
    return waits.waitingPositions();
  }

  /** Wakes every waiting reader so it looks at the view again; free when nobody waits. */
  void signalWaiters() {
    waits.signalAll();
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
    files.dropBad(checked, apply, bad);
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
    MappedStorage storage = files.storage(v);
    try {
      storage.ensureAllocated(pos + n, v.length() >= 0);
      storage.write(pos, src);
    } catch (IOException e) {
      if (view.get().closed()) throw new ResourceClosedException(key, "store");
      throw new StorageException("writing " + n + " bytes at " + pos + " of " + key.redacted() + " failed", e);
    }
    update(x -> x.withReadable(x.readable().with(pos, pos + n)));
    signalWaiters();
    files.afterWrite(n);
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
    MappedStorage storage = files.storage(v);
    try {
      storage.resize(length);
    } catch (IOException e) {
      throw new StorageException("sizing " + key.redacted() + " to " + length + " bytes failed", e);
    }
    update(x -> x.withLength(length));
    files.markDirty();
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
    files.flush(true);
    events.committed(key, length);
  }

  void fail(Throwable cause) throws IOException {
    update(x -> x.withFailure(cause));
    signalWaiters();
    if (view.get().stored().isEmpty()) {
      files.deleteFiles();
    } else {
      files.flush(true);
    }
    events.failed(key, String.valueOf(cause.getMessage()));
  }

  /** A new writer clears an earlier writer's failure. */
  void clearFailure() {
    update(x -> x.failure() == null ? x : x.withFailure(null));
  }

  /** Drops every byte and all metadata: the resource changed at its origin. */
  void discard() {
    files.discard();
  }

  void setMetadata(ResourceMetadata metadata) {
    this.metadata = metadata;
    files.markDirty();
  }

  /** For a discard, under its lock. */
  void clearMetadata() {
    metadata = ResourceMetadata.empty();
  }

  private ResourceView writableView() throws ResourceClosedException {
    ResourceView v = view.get();
    if (v.closed()) throw new ResourceClosedException(key, "store");
    if (v.committed()) throw new IllegalStateException(key.redacted() + " is committed; it cannot change");
    return v;
  }

  private void update(UnaryOperator<ResourceView> change) {
    view.updateAndGet(change);
  }

  // ---- the file's life and persistence: see ResourceFiles ----

  /** Opens the data file for a new holder; see {@link ResourceFiles#openForHandle}. */
  void openForHandle() throws IOException {
    files.openForHandle();
  }

  /** Closes the data file if nobody holds the resource any more. */
  void closeIdle() {
    files.closeIdle();
  }

  /** Removal while held; see {@link ResourceFiles#markRemoved}. */
  void markRemoved() {
    files.markRemoved();
  }

  /** The last holder of a removed resource closed: its blocks go at once. */
  void finishRemoval() {
    files.finishRemoval();
  }

  /** Forces the data, then persists the index that covers it: never the other way round. */
  void flush() throws IOException {
    files.flush(true);
  }

  /** Writes the index; forces data and index first when {@code force}. */
  void flush(boolean force) throws IOException {
    files.flush(force);
  }

  /** Persists what changed, then closes; see {@link ResourceFiles#closeForStore}. */
  void closeForStore() throws IOException {
    files.closeForStore();
  }

  /** Deletes the files of a resource nobody holds; see {@link ResourceFiles#deleteFiles}. */
  void deleteFiles() {
    files.deleteFiles();
  }

  boolean hasNoBytes() {
    ResourceView v = view.get();
    return v.stored().isEmpty() && !v.committed();
  }
}
