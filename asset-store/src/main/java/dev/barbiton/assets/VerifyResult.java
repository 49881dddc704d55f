package dev.barbiton.assets;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AssetStore#verify} found in one resource.
 *
 * @param key the resource
 * @param blocksChecked blocks read and compared with their checksum (64 KiB each, the last of a
 *     resource shorter)
 * @param bytesChecked the bytes of those blocks
 * @param badBlocks the blocks that failed, one range each, in order: dropped from the resource,
 *     never served, fetched again by its next download
 * @param bytesWithoutChecksum stored bytes that no checksum covers, so were not checked: written
 *     since the index was last written, the partial block at the end of a range that is not the
 *     resource's end, or kept from an index of the first version (which had no checksums) until
 *     the index is next written
 */
public record VerifyResult(ResourceKey key, long blocksChecked, long bytesChecked, List<ByteRange> badBlocks,
    long bytesWithoutChecksum) {
  public VerifyResult {
    Objects.requireNonNull(key, "key");
    badBlocks = List.copyOf(badBlocks);
  }

  /** The bytes of the bad blocks. */
  public long badBytes() {
    return badBlocks.stream().mapToLong(ByteRange::length).sum();
  }
}
