package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * The exclusive right to write one resource, from {@link AssetResource#claimWriter()}.
 *
 * <p>Writes of disjoint ranges may come from several threads at once (a download that fetches the
 * head and the tail of a file over two connections); the other methods are meant for one thread at
 * a time. Each write is published to readers as soon as it returns: a reader blocked on those
 * bytes wakes. Written bytes
 * are claimed by the index in small batches and forced to disk in larger ones (by bytes and by
 * time, see {@link AssetStore.Builder}), and forced on {@link #flush()}, {@link #commit(long)},
 * {@link #fail(Throwable)} and {@link #close()}. After a killed process the store claims what the
 * last index did; after a power loss, bytes that did not reach the disk fail their block checksum
 * when read and are fetched again.
 *
 * <p>Closing without committing ends the claim and keeps every byte written, correctly marked, so a
 * later writer resumes from them. A writer pins its resource until closed.
 */
public final class ResourceWriter implements AutoCloseable {
  private final AssetStore store;
  private final ResourceState state;
  private final AtomicBoolean closed = new AtomicBoolean();

  ResourceWriter(AssetStore store, ResourceState state) {
    this.store = store;
    this.state = state;
  }

  /** The resource's key. */
  public ResourceKey key() {
    return state.key;
  }

  /**
   * Writes all remaining bytes of {@code src} at {@code pos}, advancing {@code src}'s position, and
   * publishes them to readers. Rewriting available bytes is allowed (same bytes expected).
   *
   * @throws IllegalArgumentException if {@code pos < 0} or the write passes the known length
   * @throws IllegalStateException if the resource is committed or this writer is closed
   * @throws StorageException if the file system refuses (a full disk, say); bytes not confirmed
   *     written are not published
   * @throws ResourceClosedException if the store was closed
   */
  public void write(long pos, ByteBuffer src) throws IOException {
    checkOpen();
    int n = src.remaining();
    state.write(pos, src);
    store.countWritten(n);
  }

  /**
   * Sets the length once it is known. Pre-sizes the sparse file; reads past it then end at
   * commit instead of waiting.
   *
   * @throws IllegalArgumentException if a different length is already known, or bytes were
   *     written past {@code length}
   */
  public void setLength(long length) throws IOException {
    checkOpen();
    state.setLength(length);
  }

  /** The length, if known. */
  public OptionalLong length() {
    long length = state.view().length();
    return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
  }

  /** A snapshot of the available bytes (see {@link AssetResource#available()}). */
  public ByteRanges available() {
    return state.view().stored();
  }

  /** The metadata stored now. */
  public ResourceMetadata metadata() {
    return state.metadata();
  }

  /** Replaces the stored metadata; persisted with the next flush. */
  public void setMetadata(ResourceMetadata metadata) {
    checkOpen();
    state.setMetadata(java.util.Objects.requireNonNull(metadata, "metadata"));
  }

  /**
   * Forces written bytes to disk, then persists the index that claims them, with the checksums of
   * every block completed since the last index.
   */
  public void flush() throws IOException {
    checkOpen();
    state.flush();
  }

  /**
   * Declares the resource complete at {@code length} bytes: trims the file, makes it durable, and
   * lets readers at the end see end-of-file.
   *
   * @throws IllegalStateException if any byte of {@code [0, length)} is missing
   * @throws IllegalArgumentException if {@code length} contradicts the known length
   */
  public void commit(long length) throws IOException {
    checkOpen();
    state.commit(length);
  }

  /**
   * Gives up: readers waiting for missing bytes get a {@link ResourceFailedException} whose cause
   * is {@code cause}; bytes already written stay available and persisted. A resource with no byte
   * written loses its files. The next writer claimed clears the failure.
   */
  public void fail(Throwable cause) throws IOException {
    checkOpen();
    state.fail(java.util.Objects.requireNonNull(cause, "cause"));
  }

  /**
   * Drops every byte and the metadata, for when the origin's file changed: the resource starts
   * empty and unknown-length. Readers in the middle of a copy finish it from the old bytes.
   */
  public void discard() throws IOException {
    checkOpen();
    state.discard();
  }

  /**
   * Sets the listener told each time a reader starts waiting for a missing byte, with that byte's
   * position: how a downloader learns to fetch where readers are. It runs on the reader's thread
   * with no lock held, so it must be fast, must not block and should not throw (a throw is logged
   * and ignored). Null removes it; closing the writer removes it too.
   */
  public void onDemand(LongConsumer listener) {
    checkOpen();
    state.setDemandListener(listener);
  }

  /** The positions readers are blocked on now, the most recently blocked first. */
  public long[] waitingPositions() {
    return state.waitingPositions();
  }

  /** Flushes what is pending and ends the claim. Idempotent; the bytes stay. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) return;
    state.setDemandListener(null);
    try {
      if (!state.view().closed()) state.flush();
    } finally {
      store.releaseWriter(state, this);
    }
  }

  private void checkOpen() {
    if (closed.get()) throw new IllegalStateException("writer of " + state.key.redacted() + " is closed");
  }
}
