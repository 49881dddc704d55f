package dev.barbiton.assets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one resource and what is persisted of it: the data file's life (opened for its
 * first holder, closed when nobody holds it, deleted with its last handle after a removal, always
 * truncated first when nothing can read it any more) and the index (block checksums, forced
 * ranges, the cadence of writes and forces).
 *
 * <p>Order matters: data is forced before an index that claims it as forced is written; an index
 * never claims a checksum for bytes not written.
 *
 * <p>{@link #flushLock} serializes everything here: persistence, opening and closing the storage,
 * deleting files; it guards {@link #forced}. It is taken after the verifier's lock, never before,
 * and no event is published and no listener runs under it. The owner's pin count is read under it
 * when the storage is opened or closed, so a close never takes the storage from a new holder.
 */
final class ResourceFiles {
  private static final Logger log = LoggerFactory.getLogger(ResourceFiles.class);
  /** Tells apart the files of resources removed while open, which wait for their last handle. */
  private static final AtomicLong REMOVALS = new AtomicLong();
  static final String REMOVED_SUFFIX = ".removed";

  private final ResourceState owner;
  private final ResourceKey key;
  private final StoreConfig config;
  private final AtomicReference<ResourceView> view;
  private final BlockChecksums checksums;
  /** Renamed (under flushLock) when the resource is removed while held. */
  private volatile Path dataFile;
  private final Path indexFile;
  private final Object flushLock = new Object();
  private final PersistCadence cadence;
  private volatile boolean dirty;
  /** Removed from the store while held: no index is written, the files go with the last handle. */
  private volatile boolean removed;
  /** Bytes forced to disk that no checksum covers yet; guarded by flushLock. */
  private ByteRanges forced;

  ResourceFiles(ResourceState owner, AtomicReference<ResourceView> view, BlockChecksums checksums, ByteRanges forced) {
    this.owner = owner;
    this.key = owner.key;
    this.config = owner.config;
    this.view = view;
    this.checksums = checksums;
    this.forced = forced;
    this.dataFile = config.directory().resolve(key.fileId() + StoreConfig.DATA_SUFFIX);
    this.indexFile = config.directory().resolve(key.fileId() + IndexFile.SUFFIX);
    this.cadence = new PersistCadence(config);
  }

  /** Something the index holds changed (an access, the metadata, the length, a flag). */
  void markDirty() {
    dirty = true;
  }

  boolean removed() {
    return removed;
  }

  /** After a write of {@code n} bytes: writes the index, or forces and writes it, when due. */
  void afterWrite(int n) throws IOException {
    PersistCadence.Due due = cadence.afterWrite(n);
    if (due != PersistCadence.Due.NONE) flush(due == PersistCadence.Due.FORCE);
  }

  /**
   * Applies a check that found {@code bad} blocks: they leave the view with their checksums, and
   * the forced set, so no index claims them. Nothing changes if the file was dropped meanwhile.
   */
  void dropBad(MappedStorage checked, UnaryOperator<ResourceView> apply, ByteRanges bad) {
    synchronized (flushLock) {
      if (view.get().storage() != checked) return; // discard and delete take flushLock too
      checksums.remove(bad);
      forced = forced.without(bad);
      view.updateAndGet(apply);
      dirty = true;
    }
  }

  /** Drops every byte, the metadata and the files: the resource changed at its origin. */
  void discard() {
    ResourceView old;
    synchronized (flushLock) {
      old = view.getAndUpdate(x -> x.emptied(false));
      owner.clearMetadata();
      checksums.clear();
      forced = ByteRanges.empty();
    }
    owner.signalWaiters();
    synchronized (flushLock) {
      closeQuietly(old.storage());
      deleteQuietly(dataFile);
      deleteQuietly(indexFile);
    }
  }

  /** The storage to write to, created (the file too) if there is none. */
  MappedStorage storage(ResourceView v) throws IOException {
    if (v.storage() != null) return v.storage();
    synchronized (flushLock) {
      ResourceView now = view.get();
      if (now.closed()) throw new ResourceClosedException(key, "store");
      if (now.storage() != null) return now.storage();
      MappedStorage created;
      try {
        created = MappedStorage.open(dataFile, config.windowShift());
      } catch (IOException e) {
        throw new StorageException("creating " + dataFile + " for " + key.redacted() + " failed", e);
      }
      view.updateAndGet(x -> x.withStorage(created));
      return created;
    }
  }

  // ---- the file's life ----

  /**
   * Opens the data file for a new holder, if the resource has bytes and no open storage. Bytes
   * whose file something deleted are dropped, to be fetched again.
   *
   * @throws StorageException if the file exists but cannot be opened
   */
  void openForHandle() throws IOException {
    boolean lost = false;
    synchronized (flushLock) {
      ResourceView v = view.get();
      if (v.closed() || v.storage() != null || v.stored().isEmpty()) return;
      if (!Files.exists(dataFile)) {
        view.getAndUpdate(x -> x.emptied(true));
        checksums.clear();
        forced = ByteRanges.empty();
        dirty = true;
        lost = true;
      } else {
        MappedStorage opened;
        try {
          opened = MappedStorage.open(dataFile, config.windowShift());
        } catch (IOException e) {
          throw new StorageException("opening " + dataFile + " for " + key.redacted() + " failed", e);
        }
        view.updateAndGet(x -> x.withStorage(opened));
      }
    }
    if (lost) {
      log.warn("{}: its data file {} is gone; its bytes will be fetched again", key.redacted(), dataFile.getFileName());
      owner.signalWaiters();
    }
  }

  /** Closes the data file if nobody holds the resource any more: no descriptor, no mapping kept. */
  void closeIdle() {
    synchronized (flushLock) {
      if (owner.pins.get() > 0 || owner.writer.get() != null) return;
      ResourceView old = view.getAndUpdate(x -> x.withStorage(null));
      closeQuietly(old.storage());
    }
  }

  /**
   * Removal while held: the index goes now (a restart never restores it), the data file is
   * renamed out of the resource's name (a new resource of the same key gets files of its own),
   * and the handles go on reading and writing it until the last closes ({@link #finishRemoval}).
   */
  void markRemoved() {
    synchronized (flushLock) {
      removed = true;
      deleteQuietly(indexFile);
      Path doomed = dataFile.resolveSibling(key.fileId() + "." + REMOVALS.incrementAndGet() + REMOVED_SUFFIX);
      try {
        if (Files.exists(dataFile)) Files.move(dataFile, doomed);
        dataFile = doomed;
      } catch (IOException e) {
        log.warn("cannot rename {} of removed {}: {}; deleted with its last handle", dataFile, key.redacted(), e.toString());
      }
    }
  }

  /** The last holder of a removed resource closed: its blocks go at once. */
  void finishRemoval() {
    synchronized (flushLock) {
      ResourceView old = view.getAndUpdate(x -> x.emptied(true));
      closeQuietly(old.storage());
      truncateAndDelete(dataFile);
    }
    owner.signalWaiters();
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
   * checksum for bytes not written: only blocks complete in the view it writes are summed. A
   * removed resource writes no index.
   */
  void flush(boolean force) throws IOException {
    synchronized (flushLock) {
      ResourceView v = view.get();
      if (v.closed() || removed) return;
      int indexBytes = 0;
      try {
        if (v.stored().isEmpty() && !v.committed() && !owner.keptOffline()) {
          deleteQuietly(indexFile);
        } else {
          if (v.storage() == null) {
            sumIdle(v); // bytes of an index of the first version, summed as its next index is written
          } else {
            sumNewBlocks(v, v.storage());
            if (force) {
              v.storage().force();
              forced = forced.union(v.readable());
            }
          }
          ByteRanges claimedForced = forced.intersection(v.stored());
          indexBytes = IndexFile.write(indexFile, new IndexFile.Entry(key, v.length(), v.committed(),
              owner.lastAccessMillis(), owner.metadata(), v.stored(), claimedForced, checksums, owner.keptOffline()), force);
        }
      } catch (IOException e) {
        throw new StorageException("persisting " + key.redacted() + " failed", e);
      }
      cadence.persisted(force, indexBytes);
      dirty = false;
    }
  }

  /** Gives every block complete in the readable bytes a checksum, from the bytes as mapped. */
  private void sumNewBlocks(ResourceView v, MappedStorage storage) throws IOException {
    for (long block : checksums.missing(v.readable(), v.length())) {
      long start = checksums.start(block);
      checksums.put(block, storage.crc32c(start, checksums.end(block, v.length()) - start));
    }
  }

  /** {@link #sumNewBlocks} for a resource nobody holds: opens its file only if a block needs it. */
  private void sumIdle(ResourceView v) throws IOException {
    if (checksums.missing(v.readable(), v.length()).length == 0 || !Files.exists(dataFile)) return;
    try (MappedStorage storage = MappedStorage.open(dataFile, config.windowShift())) {
      sumNewBlocks(v, storage);
    }
  }

  /**
   * Persists what changed, then closes: blocked readers and later calls get ResourceClosedException.
   * A removed resource's file is deleted: the store's close ends every handle.
   */
  void closeForStore() throws IOException {
    synchronized (flushLock) {
      try {
        if (dirty || cadence.pending()) flush(true);
      } finally {
        ResourceView old = view.getAndUpdate(ResourceView::closedNow);
        closeQuietly(old.storage());
        if (removed) truncateAndDelete(dataFile);
      }
    }
    owner.signalWaiters();
  }

  /**
   * Deletes this resource's files, which nobody holds (an eviction, a removal, a resource that
   * ended with no byte); the state stays usable and starts empty. The data file is truncated
   * first: mappings of earlier handles the collector has not freed yet would keep its blocks.
   */
  void deleteFiles() {
    synchronized (flushLock) {
      ResourceView old = view.getAndUpdate(x -> x.emptied(true));
      checksums.clear();
      forced = ByteRanges.empty();
      closeQuietly(old.storage());
      if (owner.pins.get() == 0) truncateAndDelete(dataFile); else deleteQuietly(dataFile);
      deleteQuietly(indexFile);
    }
    owner.signalWaiters();
  }

  private static void closeQuietly(MappedStorage storage) {
    if (storage == null) return;
    try {
      storage.close();
    } catch (IOException ignored) {
      // Closing a file we are about to forget: nothing left to save.
    }
  }

  /** Truncates, then deletes: for a file no reader may read any more. */
  private static void truncateAndDelete(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    } catch (IOException ignored) {
      // Absent, or not ours to truncate: deleting is what matters.
    }
    deleteQuietly(file);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A file that cannot be deleted is found and cleaned by the next open's scan.
    }
  }
}
