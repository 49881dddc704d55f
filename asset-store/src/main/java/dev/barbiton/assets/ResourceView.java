package dev.barbiton.assets;

/**
 * What readers of one resource see at one moment: replaced whole by compare-and-set, never
 * mutated (see {@link ResourceState}).
 *
 * <p>Its bytes are in two sets:
 *
 * <ul>
 *   <li>{@link #readable}: bytes a reader may copy now. Written by this process, verified against
 *       their block checksum in this process, or kept from an earlier one without a checksum to
 *       check (bytes that were forced to disk before its index was written, and the ranges of an
 *       index of the first version).
 *   <li>{@link #unchecked}: whole blocks an earlier process wrote, with a checksum in its index,
 *       not yet verified in this process. A reader that reaches them verifies them first (see
 *       {@link BlockVerifier}); good blocks move to {@code readable}, bad ones are dropped.
 * </ul>
 *
 * <p>{@link #stored} is their union: what the resource holds, what a writer skips, what {@code
 * available()} reports and what eviction weighs. The two sets may overlap where a writer rewrote
 * unchecked bytes. {@code storage} is null when no file exists.
 */
final class ResourceView {
  private final ByteRanges readable;
  private final ByteRanges unchecked;
  private final ByteRanges stored;
  private final MappedStorage storage;
  private final long length;
  private final boolean committed;
  private final Throwable failure;
  private final boolean closed;

  ResourceView(ByteRanges readable, ByteRanges unchecked, MappedStorage storage, long length, boolean committed,
      Throwable failure, boolean closed) {
    this.readable = readable;
    this.unchecked = unchecked;
    this.stored = readable.union(unchecked);
    this.storage = storage;
    this.length = length;
    this.committed = committed;
    this.failure = failure;
    this.closed = closed;
  }

  /** No byte, no file, unknown length. */
  static ResourceView empty(boolean closed) {
    return new ResourceView(ByteRanges.empty(), ByteRanges.empty(), null, ResourceState.UNKNOWN, false, null, closed);
  }

  ByteRanges readable() {
    return readable;
  }

  ByteRanges unchecked() {
    return unchecked;
  }

  ByteRanges stored() {
    return stored;
  }

  MappedStorage storage() {
    return storage;
  }

  long length() {
    return length;
  }

  boolean committed() {
    return committed;
  }

  Throwable failure() {
    return failure;
  }

  boolean closed() {
    return closed;
  }

  ResourceView withReadable(ByteRanges r) {
    return new ResourceView(r, unchecked, storage, length, committed, failure, closed);
  }

  /** Blocks checked: {@code good} become readable, {@code bad} leave both sets and the commit. */
  ResourceView checked(ByteRanges good, ByteRanges bad) {
    ByteRanges r = readable.union(good).without(bad);
    ByteRanges u = unchecked.without(good).without(bad);
    return new ResourceView(r, u, storage, length, committed && bad.isEmpty(), failure, closed);
  }

  ResourceView withStorage(MappedStorage s) {
    return new ResourceView(readable, unchecked, s, length, committed, failure, closed);
  }

  ResourceView withLength(long l) {
    return new ResourceView(readable, unchecked, storage, l, committed, failure, closed);
  }

  /** Committed, clearing any failure. */
  ResourceView committedNow() {
    return new ResourceView(readable, unchecked, storage, length, true, null, closed);
  }

  ResourceView withFailure(Throwable f) {
    return new ResourceView(readable, unchecked, storage, length, committed, f, closed);
  }

  ResourceView closedNow() {
    return new ResourceView(readable, unchecked, storage, length, committed, failure, true);
  }

  /** Every byte dropped and the file forgotten; the failure kept or not as the caller says. */
  ResourceView emptied(boolean keepFailure) {
    return new ResourceView(ByteRanges.empty(), ByteRanges.empty(), null, ResourceState.UNKNOWN, false,
        keepFailure ? failure : null, closed);
  }
}
