package dev.barbiton.file;

import dev.barbiton.file.engine.SourceEvents;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.mp4.Mp4ParseException;
import dev.barbiton.file.mp4.SegmentIndex;
import dev.barbiton.file.mp4.SegmentIndexer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's fragmented-MP4 segment index: provisional from a leading {@code sidx} while the file
 * downloads, final from the walk over every {@code moof} on the Complete edge. Built at most once
 * each; a file that is not fragmented MP4 has none.
 *
 * <p>Threads: {@link #buildFinal} runs on the thread that completes the download, before the
 * completion future completes, so a caller that waited for completion sees the final index.
 * {@link #get} runs on any thread; building the provisional index twice in a race is harmless.
 */
final class SegmentIndexes {
  private static final Logger log = LoggerFactory.getLogger(SegmentIndexes.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final AssetResource resource;
  private final SourceEvents events;
  private volatile SegmentIndex provisional;
  private volatile SegmentIndex complete;
  /** buildFinal has started: it runs once. */
  private volatile boolean finalTried;
  /** buildFinal has ended; if {@code complete} is still null the file has no final index. */
  private volatile boolean finalDone;
  private volatile boolean provisionalFailed;

  SegmentIndexes(AssetResource resource, SourceEvents events) {
    this.resource = resource;
    this.events = events;
  }

  /**
   * The final index once built, else a provisional one if the file starts with a sidx — also while
   * the final one is being built, which may take a while on a long file.
   */
  Optional<SegmentIndex> get() {
    SegmentIndex done = complete;
    if (done != null) return Optional.of(done);
    if (finalDone) return Optional.empty();
    SegmentIndex early = provisional;
    if (early != null) return Optional.of(early);
    if (provisionalFailed) return Optional.empty();
    long available = resource.available().contiguousFrom(0);
    try {
      Optional<SegmentIndex> built = SegmentIndexer.fromSidx(byteSource(), available);
      if (built.isPresent()) {
        provisional = built.get();
        events.segmentIndexReady(built.get().segments().size(), built.get().durationMillis(), true);
      }
      return built;
    } catch (IOException e) {
      provisionalFailed = true;
      log.debug("no provisional index for {}: {}", resource.key().redacted(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Walks the complete file; a malformed or non-fragmented file gets no index (logged). */
  void buildFinal() {
    if (finalTried) return;
    finalTried = true;
    try {
      walkComplete();
    } finally {
      finalDone = true;
    }
  }

  private void walkComplete() {
    long length = resource.length().orElse(-1);
    if (length <= 0) return;
    try {
      Optional<SegmentIndex> built = SegmentIndexer.build(byteSource(), length);
      if (built.isPresent()) {
        complete = built.get();
        events.segmentIndexReady(built.get().segments().size(), built.get().durationMillis(), false);
      }
    } catch (Mp4ParseException e) {
      log.info("{} looks like fragmented MP4 but cannot be indexed: {}", resource.key().redacted(), e.getMessage());
      events.error("segment index: " + e.getMessage());
    } catch (ResourceClosedException e) {
      // The source closed as its download completed: nobody is left to ask for the index.
      log.debug("{} closed before its segment index was built", resource.key().redacted());
    } catch (IOException e) {
      log.warn("reading {} for its segment index failed: {}", resource.key().redacted(), e.toString());
    }
  }

  /** Reads only bytes that are there (the indexer never asks for others), with a safety timeout. */
  private RandomAccessSource byteSource() {
    return new RandomAccessSource() {
      @Override
      public int read(long position, java.nio.ByteBuffer dst) throws IOException {
        return resource.readAt(position, dst, READ_TIMEOUT);
      }

      @Override
      public java.util.OptionalLong length() {
        return resource.length();
      }
    };
  }
}
