package dev.barbiton.assets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The on-disk index of one resource: what a restart needs to trust its bytes again.
 *
 * <p>Layout (big-endian): magic {@code "BRBTIDX\n"}, version, key (UTF-16 units), length (-1 when
 * unknown), committed flag, last access (epoch ms), metadata, ranges, then (version 2) the forced
 * ranges and the block checksums ({@link BlockChecksums} has their layout), (version 3) a flags byte
 * (bit 0: kept offline), then the CRC-32 of all
 * the bytes before it. Writing is atomic: a temporary file is written (and forced, when asked),
 * then renamed over the old one, so a reader of the directory sees either the old index or the
 * new one, whole.
 *
 * <p>What a restart trusts: bytes of a block whose checksum the index holds, once verified; and
 * the <em>forced</em> ranges, bytes forced to disk before an index was written that no checksum
 * covers (the partial block at the end of a range). Other bytes the ranges claim were written
 * after the last force and have no checksum: they are dropped. An index of version 1 has neither
 * list; all its ranges were forced before it was written, so all are trusted, as before.
 *
 * <p>Reading trusts nothing: sizes are bounded before anything is allocated, the checksum must
 * match, and ranges must be sorted, disjoint and inside the length.
 */
final class IndexFile {
  static final String SUFFIX = ".idx";
  static final String TEMP_SUFFIX = ".idx.tmp";

  private static final byte[] MAGIC = "BRBTIDX\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 3;
  private static final int FIRST_VERSION = 1;
  /** Version 2 has no flags after its checksums. */
  private static final int CHECKSUM_VERSION = 2;
  private static final int FLAG_KEPT_OFFLINE = 1;
  private static final int MAX_FILE_BYTES = 64 << 20;
  private static final int MAX_RANGES = 1 << 20;
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int MAX_CUSTOM_ENTRIES = 1 << 12;

  /**
   * What one index file holds.
   *
   * @param ranges the bytes stored
   * @param forced the bytes of {@code ranges} forced to disk before the index was written
   * @param checksums the block checksums; null for an index of version 1
   * @param keptOffline whether the resource is kept offline (never evicted); false before version 3
   */
  record Entry(
      ResourceKey key,
      long length,
      boolean committed,
      long lastAccessMillis,
      ResourceMetadata metadata,
      ByteRanges ranges,
      ByteRanges forced,
      BlockChecksums checksums,
      boolean keptOffline) {}

  /** An index file that cannot be trusted; the message says why. */
  static final class CorruptIndexException extends Exception {
    CorruptIndexException(String reason) {
      super(reason);
    }
  }

  private IndexFile() {}

  /**
   * Writes {@code entry} to {@code path} atomically; {@code force} forces the new file to the
   * device before the rename. Returns the index's size in bytes.
   */
  static int write(Path path, Entry entry, boolean force) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(VERSION);
    String key = entry.key().qualified();
    out.writeInt(key.length());
    out.writeChars(key);
    out.writeLong(entry.length());
    out.writeBoolean(entry.committed());
    out.writeLong(entry.lastAccessMillis());
    ResourceMetadata metadata = entry.metadata();
    writeNullable(out, metadata.etag().orElse(null));
    writeNullable(out, metadata.lastModified().orElse(null));
    writeNullable(out, metadata.contentType().orElse(null));
    out.writeInt(metadata.custom().size());
    for (Map.Entry<String, String> e : metadata.custom().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    writeRanges(out, entry.ranges());
    writeRanges(out, entry.forced());
    entry.checksums().writeTo(out, entry.ranges(), entry.length());
    out.writeByte(entry.keptOffline() ? FLAG_KEPT_OFFLINE : 0);
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    out.flush();

    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) channel.write(buffer);
      if (force) channel.force(true);
    }
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
    return bytes.size();
  }

  private static void writeRanges(DataOutputStream out, ByteRanges ranges) throws IOException {
    List<ByteRange> list = ranges.ranges();
    out.writeInt(list.size());
    for (ByteRange range : list) {
      out.writeLong(range.start());
      out.writeLong(range.end());
    }
  }

  static Entry read(Path path) throws IOException, CorruptIndexException {
    byte[] all;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) throw new CorruptIndexException("index is " + size + " bytes, larger than any index");
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read the whole file, one system call for an index of the usual size
      }
      all = buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
    }
    if (all.length < MAGIC.length + 8) throw new CorruptIndexException("index is truncated (" + all.length + " bytes)");
    for (int i = 0; i < MAGIC.length; i++) {
      if (all[i] != MAGIC[i]) throw new CorruptIndexException("not a Barbiton index (bad magic)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) throw new CorruptIndexException("checksum mismatch (truncated or garbled)");
    try {
      return parse(new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length - 4)));
    } catch (EOFException e) {
      throw new CorruptIndexException("index ends early");
    } catch (IllegalArgumentException e) {
      throw new CorruptIndexException(e.getMessage());
    }
  }

  private static Entry parse(DataInputStream in) throws IOException, CorruptIndexException {
    int version = in.readInt();
    if (version != VERSION && version != CHECKSUM_VERSION && version != FIRST_VERSION) throw new CorruptIndexException("unknown index version " + version);
    int keyLength = in.readInt();
    if (keyLength <= 0 || keyLength > ResourceKey.MAX_LENGTH + 4) throw new CorruptIndexException("bad key length " + keyLength);
    char[] chars = new char[keyLength];
    for (int i = 0; i < keyLength; i++) chars[i] = in.readChar();
    ResourceKey key = ResourceKey.fromQualified(new String(chars));
    if (key == null) throw new CorruptIndexException("key of unknown kind");
    long length = in.readLong();
    if (length < -1) throw new CorruptIndexException("bad length " + length);
    boolean committed = in.readBoolean();
    long lastAccess = in.readLong();
    ResourceMetadata.Builder metadata = ResourceMetadata.builder()
        .etag(readNullable(in)).lastModified(readNullable(in)).contentType(readNullable(in));
    int customCount = in.readInt();
    if (customCount < 0 || customCount > MAX_CUSTOM_ENTRIES) throw new CorruptIndexException("bad metadata count " + customCount);
    for (int i = 0; i < customCount; i++) metadata.custom(readString(in), readString(in));
    ByteRanges available = readRanges(in, length);
    ByteRanges forced = available;
    BlockChecksums checksums = null;
    if (version != FIRST_VERSION) {
      forced = readRanges(in, length).intersection(available);
      checksums = BlockChecksums.readFrom(in);
    }
    boolean keptOffline = false;
    if (version == VERSION) {
      int flags = in.readUnsignedByte();
      if ((flags & ~FLAG_KEPT_OFFLINE) != 0) throw new CorruptIndexException("unknown flags " + flags);
      keptOffline = (flags & FLAG_KEPT_OFFLINE) != 0;
    }
    if (in.available() != 0) throw new CorruptIndexException("trailing bytes in index");
    if (committed && (length < 0 || !available.contains(0, length))) {
      throw new CorruptIndexException("committed but bytes missing");
    }
    return new Entry(key, length, committed, lastAccess, metadata.build(), available, forced, checksums, keptOffline);
  }

  private static ByteRanges readRanges(DataInputStream in, long length) throws IOException, CorruptIndexException {
    int rangeCount = in.readInt();
    if (rangeCount < 0 || rangeCount > MAX_RANGES) throw new CorruptIndexException("bad range count " + rangeCount);
    List<ByteRange> ranges = new ArrayList<>(Math.min(rangeCount, 1024));
    long previousEnd = -1;
    for (int i = 0; i < rangeCount; i++) {
      long start = in.readLong();
      long end = in.readLong();
      if (start <= previousEnd || end <= start) throw new CorruptIndexException("ranges out of order at " + start);
      if (length >= 0 && end > length) throw new CorruptIndexException("range end " + end + " past length " + length);
      ranges.add(new ByteRange(start, end));
      previousEnd = end;
    }
    return ByteRanges.of(ranges);
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) writeString(out, s);
  }

  private static String readNullable(DataInputStream in) throws IOException, CorruptIndexException {
    return in.readBoolean() ? readString(in) : null;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException, CorruptIndexException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING_BYTES) throw new CorruptIndexException("bad string length " + n);
    byte[] utf8 = new byte[n];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
