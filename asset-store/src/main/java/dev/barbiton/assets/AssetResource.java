package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open handle on one resource of an {@link AssetStore}. While any handle (or writer) of a
 * resource is open the resource is pinned: eviction never removes it.
 *
 * <p>Any number of threads may read through one handle at once, and any number of handles may be
 * open on one resource. Reads of available bytes take no lock and allocate nothing.
 *
 * <h2>The read contract</h2>
 *
 * <p>Every reading view of Barbiton (this handle, a file source, its channels and streams, the
 * FFmpeg input; see {@link RandomAccessSource}) follows these rules:
 *
 * <ul>
 *   <li>A read at or past a <em>known</em> length returns -1 (end of stream) at once, whether or
 *       not the download has finished: the length is final once known.
 *   <li>A read below the length whose bytes are here copies at least one of them, at once.
 *   <li>A read below the length whose bytes have not arrived blocks until at least one byte at its
 *       position arrives; or the writer fails it ({@link ResourceFailedException}, whose cause is
 *       the writer's typed failure); or this handle or the store is closed ({@link
 *       ResourceClosedException}); or the thread is interrupted ({@link
 *       java.io.InterruptedIOException}, interrupt status kept); or the timeout elapses ({@link
 *       ResourceTimeoutException}).
 *   <li>With the length not yet known, a read at the current end waits as above: for bytes, or
 *       for the length to become known (then it returns -1 if the length is its position).
 *   <li>A writer that stops short of a known length fails the resource: readers never see an end
 *       of stream below the length.
 *   <li>Bytes an earlier process stored are checked against their block checksums before this
 *       process first copies them; a block that fails is dropped and reads as not yet downloaded
 *       (the read blocks until it is fetched again), never as bad bytes or an error.
 * </ul>
 *
 * <p>Closing a handle is idempotent and wakes its blocked readers; it never closes other handles.
 */
public final class AssetResource implements RandomAccessSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AssetResource.class);
  /** Timeouts longer than this wait without a deadline; a constant, so that reads allocate nothing. */
  private static final Duration FOREVER = Duration.ofDays(365);
  private final AssetStore store;
  private final ResourceState state;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Made once so that reads allocate nothing. */
  private final BooleanSupplier closedCheck = closed::get;
  /** Where this handle's reads are counted (the store's counters, or a group's that add to them). */
  private final ReadCounters counters;
  private volatile Consumer<ByteRange> badBlockListener;

  AssetResource(AssetStore store, ResourceState state, ReadCounters counters) {
    this.store = store;
    this.state = state;
    this.counters = counters;
  }

  /** The shared state behind this handle: for tests in this package. */
  ResourceState state() {
    return state;
  }

  /** The key this resource was acquired with. */
  public ResourceKey key() {
    return state.key;
  }

  /** The length, once the writer has set it (or the resource was committed). */
  @Override
  public OptionalLong length() {
    long length = state.view().length();
    return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
  }

  /** Whether every byte is here and the length final. */
  public boolean isCommitted() {
    return state.view().committed();
  }

  /** How the last writer failed, until a new writer claims the resource. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(state.view().failure());
  }

  /**
   * A snapshot of the available bytes: those this store holds, including blocks an earlier
   * process wrote that a read will check against their checksum first (a block that fails is
   * dropped, and reads as not yet downloaded).
   */
  public ByteRanges available() {
    return state.view().stored();
  }

  /** Whether {@code [pos, pos + len)} is available now (see {@link #available()}). */
  public boolean contains(long pos, long len) {
    return state.view().stored().contains(pos, len);
  }

  /** The validators, content type and custom entries stored with the bytes. */
  public ResourceMetadata metadata() {
    return state.metadata();
  }

  /**
   * Copies available bytes at {@code pos} into {@code dst}, waiting with no timeout for at least
   * one byte. Returns the number of bytes copied (at least 1), 0 when {@code dst} has no room, or -1
   * at or after a known length (see the read contract above).
   *
   * @throws IllegalArgumentException if {@code pos < 0}
   * @throws IOException as described in the class documentation
   */
  public int readAt(long pos, ByteBuffer dst) throws IOException {
    return state.readAt(pos, dst, -1, closedCheck, counters);
  }

  /** {@link RandomAccessSource#read}: {@link #readAt(long, ByteBuffer)}, waiting with no timeout. */
  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    return readAt(position, dst);
  }

  /** As {@link #readAt(long, ByteBuffer)}, giving up after {@code timeout}. */
  public int readAt(long pos, ByteBuffer dst, Duration timeout) throws IOException {
    return state.readAt(pos, dst, timeoutNanos(timeout), closedCheck, counters);
  }

  /**
   * Waits until all of {@code [pos, pos + len)} is available, or the part of it before the known
   * length. Returns the number of contiguous bytes available from {@code pos} (at least what was
   * asked for, unless the length ends first), or -1 when {@code pos} is at or after a known length.
   */
  public long waitFor(long pos, long len, Duration timeout) throws IOException {
    if (pos < 0) throw new IllegalArgumentException("pos < 0: " + pos);
    if (len < 1) throw new IllegalArgumentException("len < 1: " + len);
    return state.await(pos, len, timeoutNanos(timeout), closedCheck, counters);
  }

  /**
   * Returns the length, waiting up to {@code timeout} for it to become known (the writer learns it
   * from the server's headers, or when a body of unknown length ends).
   *
   * @throws ResourceTimeoutException if it is still unknown after {@code timeout}
   * @throws ResourceFailedException if the writer failed before it knew the length
   * @throws ResourceClosedException if this handle or the store is closed
   */
  public long awaitLength(Duration timeout) throws IOException {
    return state.awaitLength(timeoutNanos(timeout), closedCheck);
  }

  /**
   * Waits until no writer holds this resource (or it is committed): how a second downloader of a
   * resource follows the first and takes over if it stops. Returns false on timeout.
   */
  public boolean awaitNoWriter(Duration timeout) throws IOException {
    return state.awaitNoWriter(timeoutNanos(timeout) < 0 ? Long.MAX_VALUE / 2 : timeoutNanos(timeout), closedCheck);
  }

  /**
   * Claims the resource for writing. One writer per resource at a time; the claim ends when the
   * writer is closed.
   *
   * @throws WriterClaimedException if another writer holds the resource
   * @throws ResourceClosedException if this handle or the store is closed
   */
  public ResourceWriter claimWriter() throws IOException {
    if (closed.get()) throw new ResourceClosedException(state.key, "handle");
    return store.claimWriter(state);
  }

  /**
   * Sets the listener told when stored bytes of this resource fail their checksum and are dropped
   * (the store publishes {@link dev.barbiton.events.AssetEvent.BadBlock} too), with one range per
   * run of adjacent bad blocks: how a downloader that had finished learns that bytes must be
   * fetched again. It runs on the thread that found them (a reader, or a caller of {@link
   * AssetStore#verify}) with no lock held, so it must be fast, must not block and should not throw
   * (a throw is logged and ignored). Null removes it; closing the handle removes it too.
   */
  public void onBadBlock(Consumer<ByteRange> listener) {
    badBlockListener = listener;
    if (listener == null) {
      state.removeBadBlockListener(this);
    } else if (!closed.get()) {
      state.addBadBlockListener(this);
      if (closed.get()) state.removeBadBlockListener(this);
    }
  }

  void tellBadBlocks(ByteRanges bad) {
    Consumer<ByteRange> listener = badBlockListener;
    if (listener == null) return;
    for (ByteRange run : bad.ranges()) {
      try {
        listener.accept(run);
      } catch (RuntimeException e) {
        log.warn("bad-block listener of {} threw; ignored", state.key.redacted(), e);
      }
    }
  }

  /** Whether this handle was closed. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Unpins this handle's resource and wakes its blocked readers. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    state.removeBadBlockListener(this);
    state.signalWaiters();
    store.unpin(state);
  }

  private static long timeoutNanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) throw new IllegalArgumentException("timeout < 0: " + timeout);
    return timeout.compareTo(FOREVER) > 0 ? -1 : timeout.toNanos();
  }

  @Override
  public String toString() {
    return "AssetResource[" + state.key.redacted() + ", " + state.view().stored() + "]";
  }
}
