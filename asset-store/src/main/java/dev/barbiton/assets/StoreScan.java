package dev.barbiton.assets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a cache directory on open: restores every resource whose index it can vouch for, sets
 * aside the rest, and deletes leftovers (temporary index files, data no index claims).
 *
 * <p>Vouching means: the checksum holds, the file is named by the hash of the key it holds, the
 * ranges are sane, and (for an index of the first version, which has no block checksums) the
 * data file is at least as long as the ranges claim. Anything else is untrusted: the index is
 * renamed {@code *.corrupt} and the data deleted, so no bad range is ever served. The scan never
 * throws because of the store's own files.
 *
 * <p>What a restored resource holds (see {@link IndexFile}): the blocks with a checksum, as
 * unchecked bytes, checked when first read; the forced bytes no checksum covers, readable at
 * once; nothing else the ranges claim (bytes written after the last force and not in a complete
 * block). Blocks past the end of a data file something truncated are bad blocks: dropped, and
 * published as such; so are all the forced bytes without a checksum, then, since nothing shows
 * which of them the truncation spared. The index of the first version keeps all its ranges readable, as before;
 * its blocks get checksums when the index is next written.
 */
final class StoreScan {
  private static final Logger log = LoggerFactory.getLogger(StoreScan.class);
  static final String CORRUPT_SUFFIX = ".corrupt";
  /** Fewer indexes than this are read on the caller's thread alone. */
  private static final int PARALLEL_FROM = 256;

  record Result(List<ResourceState> states) {}

  private StoreScan() {}

  static Result run(StoreConfig config, AssetEvents events) {
    List<Path> indexes = new ArrayList<>();
    Set<String> dataIds = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(config.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(IndexFile.TEMP_SUFFIX) || name.endsWith(ResourceFiles.REMOVED_SUFFIX)) {
          // A flush that never finished (the previous index still stands), or the file of a
          // resource removed while held, whose last handle the process did not live to close.
          deleteQuietly(file);
        } else if (name.endsWith(IndexFile.SUFFIX)) {
          indexes.add(file);
        } else if (name.endsWith(StoreConfig.DATA_SUFFIX)) {
          dataIds.add(stripSuffix(name, StoreConfig.DATA_SUFFIX));
        }
      }
    } catch (IOException e) {
      log.warn("cannot list cache directory {}: {}; starting empty", config.directory(), e.toString());
      return new Result(List.of());
    }
    // Each index is read, checked and restored on its own, so a large cache is read by all the
    // cores: the open of 10,000 resources is bound by system calls, one file at a time.
    Stream<Path> each = indexes.size() >= PARALLEL_FROM ? indexes.parallelStream() : indexes.stream();
    List<ResourceState> states = each
        .map(index -> restore(config, events, stripSuffix(index.getFileName().toString(), IndexFile.SUFFIX), index))
        .filter(Objects::nonNull)
        .collect(Collectors.toList());
    for (ResourceState state : states) dataIds.remove(state.key.fileId());
    for (String orphan : dataIds) {
      // Bytes written after the last flush of a resource that never got an index: unclaimed.
      log.info("deleting {}{}: no index claims its bytes", orphan, StoreConfig.DATA_SUFFIX);
      deleteQuietly(config.directory().resolve(orphan + StoreConfig.DATA_SUFFIX));
    }
    return new Result(states);
  }

  private static ResourceState restore(StoreConfig config, AssetEvents events, String id, Path index) {
    Path data = config.directory().resolve(id + StoreConfig.DATA_SUFFIX);
    String reason;
    try {
      IndexFile.Entry entry = IndexFile.read(index);
      // Sized, not opened: a resource nobody holds keeps no descriptor (the first handle opens it).
      long fileSize = sizeOrMissing(data);
      reason = check(entry, id, fileSize);
      if (reason == null) return restored(config, events, entry, Math.max(0, fileSize));
    } catch (IndexFile.CorruptIndexException e) {
      reason = e.getMessage();
    } catch (IOException e) {
      reason = "unreadable: " + e;
    }
    log.warn("discarding cache index {}: {}; its bytes will be fetched again", index.getFileName(), reason);
    try {
      Files.move(index, index.resolveSibling(index.getFileName() + CORRUPT_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(index);
    }
    deleteQuietly(data);
    events.discarded(index.getFileName().toString(), reason);
    return null;
  }

  /** The state of a vouched-for entry: checked, trusted and dropped bytes as the class says. */
  private static ResourceState restored(StoreConfig config, AssetEvents events, IndexFile.Entry entry, long fileSize) {
    long length = entry.length();
    ByteRanges readable;
    ByteRanges unchecked;
    BlockChecksums checksums = entry.checksums();
    ByteRanges bad = ByteRanges.empty();
    if (checksums == null) {
      checksums = BlockChecksums.empty();
      readable = entry.ranges();
      unchecked = ByteRanges.empty();
    } else {
      ByteRanges summed = checksums.covered(entry.ranges(), length);
      ByteRanges cut = summed.without(0, fileSize);
      // A block that reaches past the file's end has lost bytes: all of it is bad.
      List<ByteRange> badRuns = new ArrayList<>();
      for (ByteRange run : cut.ranges()) {
        badRuns.add(new ByteRange(checksums.start(checksums.blockOf(run.start())), run.end()));
      }
      bad = ByteRanges.of(badRuns);
      unchecked = summed.without(bad);
      readable = entry.forced().without(summed);
      if (readable.end() > fileSize) {
        // Bytes no checksum covers, in a file shorter than they say: none of them can be trusted.
        bad = bad.union(readable);
        readable = ByteRanges.empty();
      }
      checksums.retain(unchecked, length);
      long dropped = entry.ranges().totalBytes() - unchecked.union(readable).totalBytes() - bad.totalBytes();
      if (dropped > 0) {
        log.debug("{}: {} bytes written after the last force and in no complete block; fetched again",
            entry.key().redacted(), dropped);
      }
    }
    boolean committed = entry.committed() && readable.union(unchecked).contains(0, Math.max(0, length));
    ResourceView view = new ResourceView(readable, unchecked, null, length, committed, null, false);
    events.recovered(entry.key(), view.stored().totalBytes(), committed);
    if (!bad.isEmpty()) {
      log.warn("{}: {} past the end of its data file; dropped, to be fetched again", entry.key().redacted(), bad);
      events.badBlocks(entry.key(), bad);
    }
    return new ResourceState(entry.key(), config, events, view, entry.metadata(), entry.lastAccessMillis(),
        checksums, readable, entry.keptOffline());
  }

  /** Why the entry cannot be trusted, or null. */
  private static String check(IndexFile.Entry entry, String id, long size) {
    if (!entry.key().fileId().equals(id)) return "index names another resource";
    long claimedEnd = entry.committed() ? entry.length() : entry.ranges().end();
    if (claimedEnd == 0) return null;
    if (size < 0) return "its data file is missing";
    if (entry.checksums() == null && size < claimedEnd) {
      return "data file is " + size + " bytes but the index claims " + claimedEnd;
    }
    return null;
  }

  /** The file's size, or -1 when it does not exist: one system call. */
  private static long sizeOrMissing(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).size();
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  private static String stripSuffix(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length());
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", file, e.toString());
    }
  }
}
