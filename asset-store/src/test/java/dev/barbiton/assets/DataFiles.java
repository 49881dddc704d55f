package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** What other programs, bad sectors and power losses do to a store's data files, with the store closed. */
final class DataFiles {
  static final int BLOCK = 1 << BlockChecksums.DEFAULT_SHIFT;

  private DataFiles() {}

  static Path dataFile(Path dir, ResourceKey key) {
    return dir.resolve(key.fileId() + StoreConfig.DATA_SUFFIX);
  }

  /**
   * Flips one byte at a random position in each of {@code count} distinct random blocks of the
   * first {@code length} bytes, the last (partial) block among them; returns those blocks' ranges.
   */
  static List<ByteRange> flipInRandomBlocks(Path file, long length, int count, Random random) throws IOException {
    long blocks = (length + BLOCK - 1) / BLOCK;
    TreeSet<Long> chosen = new TreeSet<>();
    chosen.add(blocks - 1);
    while (chosen.size() < Math.min(count, blocks)) chosen.add((long) random.nextInt((int) blocks));
    List<ByteRange> flipped = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long block : chosen) {
        long start = block * BLOCK;
        long end = Math.min(length, start + BLOCK);
        long at = start + random.nextInt((int) (end - start));
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, at);
        one.put(0, (byte) (one.get(0) ^ (1 << random.nextInt(8)))).clear();
        channel.write(one, at);
        flipped.add(new ByteRange(start, end));
      }
    }
    return flipped;
  }

  /** Replaces {@code [from, end of file)} with zeros, or with random bytes when {@code garbage}. */
  static void overwriteTail(Path file, long from, boolean garbage, Random random) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      byte[] chunk = new byte[64 << 10];
      for (long at = from; at < channel.size(); at += chunk.length) {
        if (garbage) random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, channel.size() - at);
        channel.write(ByteBuffer.wrap(chunk, 0, n), at);
      }
    }
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }
}
