package dev.barbiton.assets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks blocks of one resource against their checksums: the unchecked blocks a reader reaches
 * (lazily, on the read path's slow edge: the fast path never sees an unchecked byte, since it reads
 * only {@link ResourceView#readable}), and every block with a checksum for {@link
 * AssetStore#verify}.
 *
 * <p>A good block becomes readable; a bad one is dropped from the view, its checksum forgotten,
 * and its bytes fetched again by the next writer like any missing bytes. Bad blocks are told of
 * ({@link ResourceState#badBlocksFound}) after the lock is released.
 *
 * <p>Threads: any reader, and callers of verify. {@link #lock} serializes checks, so two readers
 * reaching the same unchecked block check it once: the second finds it readable. It is held
 * while the file is read and the view replaced, never while events are published; it is taken
 * before the resource's flush lock (to drop bad blocks), never after.
 */
final class BlockVerifier {
  /** How far a reader's check reaches ahead of its position: a sequential reader checks once per this. */
  static final long READ_AHEAD = 1 << 20;

  /**
   * What one check found.
   *
   * @param blocks blocks read and compared
   * @param bytes their bytes
   * @param bad the bytes of the blocks that failed, now dropped
   */
  record Outcome(long blocks, long bytes, ByteRanges bad) {
    static final Outcome NONE = new Outcome(0, 0, ByteRanges.empty());
  }

  private final ResourceState state;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong blocksChecked = new AtomicLong();

  BlockVerifier(ResourceState state) {
    this.state = state;
  }

  /** Blocks compared with their checksum in this process so far. */
  long blocksChecked() {
    return blocksChecked.get();
  }

  /**
   * Checks the unchecked blocks with a byte in {@code [from, to)}.
   *
   * @throws ResourceClosedException if the store closed meanwhile
   */
  Outcome checkUnchecked(long from, long to) throws ResourceClosedException {
    return check(from, to, false);
  }

  /**
   * Checks every block with a checksum (see {@link AssetStore#verify}), one {@link #READ_AHEAD}
   * at a time, so that a reader reaching unchecked blocks meanwhile waits for one step at most,
   * and tells of the bad blocks after each step, with no lock held.
   */
  VerifyResult verifyAll() throws ResourceClosedException {
    long blocks = 0;
    long bytes = 0;
    ByteRanges bad = ByteRanges.empty();
    BlockChecksums checksums = state.checksums();
    long step = Math.max(READ_AHEAD, checksums.blockSize());
    for (long b = checksums.nextWithChecksum(0); b >= 0; ) {
      long from = checksums.start(b);
      Outcome outcome = check(from, from + step, true);
      blocks += outcome.blocks();
      bytes += outcome.bytes();
      if (!outcome.bad().isEmpty()) {
        bad = bad.union(outcome.bad());
        state.badBlocksFound(outcome.bad());
      }
      b = checksums.nextWithChecksum(checksums.blockOf(from + step));
    }
    ResourceView v = state.view();
    long unverifiable = v.stored().without(checksums.covered(v.stored(), v.length())).totalBytes();
    List<ByteRange> badBlocks = new ArrayList<>();
    for (ByteRange run : bad.ranges()) {
      for (long at = run.start(); at < run.end(); at = checksums.end(checksums.blockOf(at), v.length())) {
        badBlocks.add(new ByteRange(at, Math.min(run.end(), checksums.end(checksums.blockOf(at), v.length()))));
      }
    }
    return new VerifyResult(state.key, blocks, bytes, badBlocks, unverifiable);
  }

  private Outcome check(long from, long to, boolean all) throws ResourceClosedException {
    lock.lock();
    try {
      ResourceView v = state.view();
      if (v.closed()) throw new ResourceClosedException(state.key, "store");
      BlockChecksums sums = state.checksums();
      ByteRanges candidates = all ? sums.covered(v.stored(), v.length()) : v.unchecked();
      long first = sums.blockOf(from);
      ByteRanges good = ByteRanges.empty();
      ByteRanges bad = ByteRanges.empty();
      long blocks = 0;
      long bytes = 0;
      for (long b = first; sums.start(b) < to; b++) {
        long start = sums.start(b);
        long end = sums.end(b, v.length());
        if (end <= start) break;
        if (!candidates.intersects(start, end)) {
          if (!candidates.intersects(start, Long.MAX_VALUE)) break;
          continue;
        }
        // Unchecked bytes are whole blocks with a checksum; any other unchecked byte cannot be
        // vouched for, and must leave the set all the same, or its reader would never get past it.
        boolean ok = false;
        if (candidates.contains(start, end - start) && sums.has(b)) {
          try {
            ok = v.storage() != null && v.storage().crc32c(start, end - start) == sums.get(b);
          } catch (IOException e) {
            ResourceView now = state.view();
            if (now.closed()) throw new ResourceClosedException(state.key, "store");
            if (now.storage() != v.storage()) return Outcome.NONE; // discarded under us: nothing to check
            // else: past the end of a file something truncated
          } catch (IllegalStateException e) {
            // its checksum was dropped between has and get: the block was dropped meanwhile
          }
        } else if (all) {
          continue;
        }
        blocks++;
        bytes += end - start;
        if (ok) good = good.with(start, end); else bad = bad.with(start, end);
      }
      blocksChecked.addAndGet(blocks);
      if (!good.isEmpty() || !bad.isEmpty()) {
        state.applyCheck(v.storage(), good, bad);
        if (state.view().storage() != v.storage()) return Outcome.NONE; // dropped meanwhile: nothing was bad
      }
      return new Outcome(blocks, bytes, bad);
    } finally {
      lock.unlock();
    }
  }
}
