package dev.barbiton.file;

import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.assets.AssetResource;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A source's {@link MediaInfo}: sniffed from the first bytes as soon as they are cached, combined
 * with the stored {@code Content-Type}, so it is right after a restart without any header. Settled
 * once enough bytes were seen; until then recomputed on each call (cheap: a few KiB).
 */
final class MediaInfoCache {
  /** Fewer bytes than this tell nothing reliable about any container. */
  private static final int MIN_SNIFF_BYTES = 12;

  private final AssetResource resource;
  private volatile MediaInfo settled;

  MediaInfoCache(AssetResource resource) {
    this.resource = resource;
  }

  Optional<MediaInfo> get() {
    MediaInfo known = settled;
    if (known != null) return Optional.of(known);
    Optional<MediaInfo> fromHeader = resource.metadata().contentType().flatMap(MediaSniffer::fromContentType);
    long length = resource.length().orElse(Long.MAX_VALUE);
    int wanted = (int) Math.min(MediaSniffer.SNIFF_BYTES, length);
    int have = (int) Math.min(wanted, resource.available().contiguousFrom(0));
    if (have < Math.min(wanted, MIN_SNIFF_BYTES)) return fromHeader;
    ByteBuffer first = ByteBuffer.allocate(have);
    try {
      // The bytes were there a moment ago; if they are gone (the file changed at its origin and
      // downloads again), a getter must not wait for them: no wait at all.
      while (first.hasRemaining()) {
        if (!resource.contains(first.position(), 1)) return fromHeader; // not even a demand for them
        if (resource.readAt(first.position(), first, Duration.ZERO) < 0) break;
      }
    } catch (IOException e) {
      return fromHeader; // closed, failed or discarded under us: no better answer than the header
    }
    ((Buffer) first).flip();
    MediaInfo info = MediaSniffer.combine(fromHeader, MediaSniffer.sniff(first));
    if (have >= wanted) settled = info;
    return Optional.of(info);
  }
}
