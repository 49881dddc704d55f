package dev.barbiton.assets;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The CRC32C of each block of one resource: what lets a later process trust bytes it did not
 * write, and notice bytes that changed on disk.
 *
 * <p>Blocks are fixed-size ({@code 1 << shift} bytes, 64 KiB by default) and aligned: block
 * {@code b} covers {@code [b << shift, min((b + 1) << shift, length))}, so the last block of a
 * resource of known length is partial. A block is <em>complete</em> in a set of ranges when all
 * of its bytes are in it; while the length is unknown only a full-size block can be complete.
 *
 * <p>When checksums are made: each time the index is written ({@link ResourceState#flush}), for
 * every block complete in the readable bytes that has none yet, from the bytes as mapped. So an
 * index never claims a checksum for bytes not yet written, each block is summed once, and the
 * last, partial block gets its checksum at the commit at the latest. A block dropped as bad loses
 * its checksum and gets a new one once it is written again.
 *
 * <p>Format, inside the index (version 2): shift (int), block count {@code n} (int), a bitmap of
 * {@code n} bits (bit {@code b} in byte {@code b / 8}, least significant first) telling which
 * blocks have a checksum, then those checksums in block order (int each). Only blocks complete
 * in the index's ranges are written.
 *
 * <p>Threads: the writer's flush adds checksums; verification reads them and drops those of bad
 * blocks. Every method takes this table's own lock, briefly; none reads the data file under it.
 */
final class BlockChecksums {
  static final int DEFAULT_SHIFT = 16;
  static final int MIN_SHIFT = 12;
  static final int MAX_SHIFT = 24;
  /** More blocks than this and the index would pass its own size bound. */
  private static final int MAX_BLOCKS = 1 << 26;

  private final int shift;
  private final Object lock = new Object();
  /** Guarded by lock: the checksum of block b is crcs[b] when present.get(b). */
  private int[] crcs = new int[0];
  private final BitSet present = new BitSet();

  BlockChecksums(int shift) {
    if (shift < MIN_SHIFT || shift > MAX_SHIFT) throw new IllegalArgumentException("bad block shift " + shift);
    this.shift = shift;
  }

  static BlockChecksums empty() {
    return new BlockChecksums(DEFAULT_SHIFT);
  }

  long blockSize() {
    return 1L << shift;
  }

  long blockOf(long pos) {
    return pos >>> shift;
  }

  long start(long block) {
    return block << shift;
  }

  /** The end of block {@code block}: the next block's start, or the length if that comes first. */
  long end(long block, long length) {
    long end = (block + 1) << shift;
    return length >= 0 ? Math.min(end, length) : end;
  }

  /** Whether {@code block} has a checksum. */
  boolean has(long block) {
    synchronized (lock) {
      return block < MAX_BLOCKS && present.get((int) block);
    }
  }

  /** The checksum of {@code block}; only for a block that {@link #has} one. */
  int get(long block) {
    synchronized (lock) {
      if (!has(block)) throw new IllegalStateException("block " + block + " has no checksum");
      return crcs[(int) block];
    }
  }

  void put(long block, int crc) {
    if (block >= MAX_BLOCKS) return; // a resource past 4 TiB: its far blocks go unchecked
    synchronized (lock) {
      int b = (int) block;
      if (b >= crcs.length) crcs = Arrays.copyOf(crcs, Math.max(b + 1, Math.min(MAX_BLOCKS, crcs.length * 2)));
      crcs[b] = crc;
      present.set(b);
    }
  }

  /** Forgets the checksum of every block with a byte in {@code dropped}. */
  void remove(ByteRanges dropped) {
    synchronized (lock) {
      for (ByteRange r : dropped.ranges()) {
        long first = blockOf(r.start());
        long last = blockOf(r.end() - 1);
        if (first < MAX_BLOCKS) present.clear((int) first, (int) Math.min(MAX_BLOCKS, last + 1));
      }
    }
  }

  void clear() {
    synchronized (lock) {
      present.clear();
      crcs = new int[0];
    }
  }

  /** Keeps only the checksums of blocks complete in {@code kept}. */
  void retain(ByteRanges kept, long length) {
    synchronized (lock) {
      BitSet keep = new BitSet();
      for (ByteRange r : kept.ranges()) {
        int first = firstComplete(r);
        int end = completeEnd(r, length);
        if (first < end) keep.set(first, end);
      }
      present.and(keep);
    }
  }

  /** The blocks complete in {@code ranges} that have no checksum yet, in order. */
  long[] missing(ByteRanges ranges, long length) {
    long[] found = new long[16];
    int n = 0;
    synchronized (lock) {
      for (ByteRange r : ranges.ranges()) {
        int end = completeEnd(r, length);
        for (int b = present.nextClearBit(firstComplete(r)); b < end; b = present.nextClearBit(b + 1)) {
          if (n == found.length) found = Arrays.copyOf(found, n * 2);
          found[n++] = b;
        }
      }
    }
    return Arrays.copyOf(found, n);
  }

  /** The bytes of the blocks complete in {@code ranges} that have a checksum. */
  ByteRanges covered(ByteRanges ranges, long length) {
    List<ByteRange> runs = new ArrayList<>();
    synchronized (lock) {
      for (ByteRange r : ranges.ranges()) {
        int end = completeEnd(r, length);
        for (int b = present.nextSetBit(firstComplete(r)); b >= 0 && b < end; ) {
          int runEnd = Math.min(end, present.nextClearBit(b));
          runs.add(new ByteRange(start(b), end(runEnd - 1, length)));
          b = runEnd < end ? present.nextSetBit(runEnd) : -1;
        }
      }
    }
    return ByteRanges.of(runs);
  }

  /** The first block at or after {@code block} that has a checksum, or -1. */
  long nextWithChecksum(long block) {
    if (block >= MAX_BLOCKS) return -1;
    synchronized (lock) {
      return present.nextSetBit((int) block);
    }
  }

  /** Writes the checksums of the blocks complete in {@code stored} (format above). */
  void writeTo(DataOutputStream out, ByteRanges stored, long length) throws IOException {
    int n = (int) Math.min(MAX_BLOCKS, (stored.end() + blockSize() - 1) >>> shift);
    BitSet written = new BitSet(n);
    int[] values;
    synchronized (lock) {
      for (ByteRange r : stored.ranges()) {
        int end = Math.min(n, completeEnd(r, length));
        for (int b = present.nextSetBit(firstComplete(r)); b >= 0 && b < end; b = present.nextSetBit(b + 1)) {
          written.set(b);
        }
      }
      values = new int[written.cardinality()];
      int i = 0;
      for (int b = written.nextSetBit(0); b >= 0; b = written.nextSetBit(b + 1)) values[i++] = crcs[b];
    }
    out.writeInt(shift);
    out.writeInt(n);
    byte[] bitmap = Arrays.copyOf(written.toByteArray(), (n + 7) / 8);
    out.write(bitmap);
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length); // big-endian, as DataOutputStream writes
    bytes.asIntBuffer().put(values);
    out.write(bytes.array());
  }

  /** Reads what {@link #writeTo} wrote. */
  static BlockChecksums readFrom(DataInputStream in) throws IOException, IndexFile.CorruptIndexException {
    int shift = in.readInt();
    if (shift < MIN_SHIFT || shift > MAX_SHIFT) throw new IndexFile.CorruptIndexException("bad block shift " + shift);
    int n = in.readInt();
    if (n < 0 || n > MAX_BLOCKS) throw new IndexFile.CorruptIndexException("bad block count " + n);
    byte[] bitmap = new byte[(n + 7) / 8];
    in.readFully(bitmap);
    BitSet bits = BitSet.valueOf(bitmap);
    if (bits.length() > n) throw new IndexFile.CorruptIndexException("checksum bitmap past block " + n);
    BlockChecksums table = new BlockChecksums(shift);
    table.crcs = new int[n];
    for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) table.crcs[b] = in.readInt();
    table.present.or(bits);
    return table;
  }

  /** The first block that starts at or after the range's start. */
  private int firstComplete(ByteRange r) {
    return (int) Math.min(MAX_BLOCKS, (r.start() + blockSize() - 1) >>> shift);
  }

  /** One past the last block complete in the range. */
  private int completeEnd(ByteRange r, long length) {
    long end = length >= 0 && r.end() >= length ? (length + blockSize() - 1) >>> shift : r.end() >>> shift;
    return (int) Math.min(MAX_BLOCKS, end);
  }
}
