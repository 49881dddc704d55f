package dev.barbiton.assets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a cache directory on open: restores every resource whose index it can vouch for, sets
 * aside the rest, and deletes leftovers (temporary index files, data no index claims).
 *
 * <p>Vouching means: the checksum holds, the file is named by the hash of the key it holds, the
 * ranges are sane, and the data file is at least as long as the ranges claim. Anything else is
 * untrusted: the index is renamed {@code *.corrupt} and the data deleted, so no bad range is ever
 * served. The scan never throws because of the store's own files.
 */
final class StoreScan {
  private static final Logger log = LoggerFactory.getLogger(StoreScan.class);
  static final String CORRUPT_SUFFIX = ".corrupt";

  record Result(List<ResourceState> states) {}

  private StoreScan() {}

  static Result run(StoreConfig config, AssetEvents events) {
    List<Path> indexes = new ArrayList<>();
    Set<String> dataIds = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(config.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(IndexFile.TEMP_SUFFIX)) {
          deleteQuietly(file); // a flush that never finished; the previous index still stands
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
    List<ResourceState> states = new ArrayList<>();
    for (Path index : indexes) {
      String id = stripSuffix(index.getFileName().toString(), IndexFile.SUFFIX);
      ResourceState state = restore(config, events, id, index);
      if (state != null) {
        states.add(state);
        dataIds.remove(id);
      }
    }
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
      reason = check(entry, id, data);
      if (reason == null) {
        MappedStorage storage = Files.exists(data) ? MappedStorage.open(data, config.windowShift()) : null;
        ResourceState.View view = new ResourceState.View(entry.ranges(), storage, entry.length(), entry.committed(), null, false);
        events.recovered(entry.key(), entry.ranges().totalBytes(), entry.committed());
        return new ResourceState(entry.key(), config, events, view, entry.metadata(), entry.lastAccessMillis());
      }
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

  /** Why the entry cannot be trusted, or null. */
  private static String check(IndexFile.Entry entry, String id, Path data) throws IOException {
    if (!entry.key().fileId().equals(id)) return "index names another resource";
    long claimedEnd = entry.committed() ? entry.length() : entry.ranges().end();
    if (claimedEnd == 0) return null;
    if (!Files.exists(data)) return "its data file is missing";
    long size = Files.size(data);
    if (size < claimedEnd) return "data file is " + size + " bytes but the index claims " + claimedEnd;
    return null;
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
