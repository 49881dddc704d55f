package dev.barbiton.events;

import static dev.barbiton.events.Checks.nonNegative;
import static dev.barbiton.events.Checks.redacted;

import java.util.Objects;

/** What happens to a stored asset: commit, failure, eviction, index recovery and bad blocks. */
public sealed interface AssetEvent extends Event {

  /** Why an asset left the store. */
  enum EvictionReason {
    /** The store was over its size limit. */
    SIZE,
    /** The application removed it. */
    REMOVED,
    /** It was older than its time to live. */
    EXPIRED
  }

  /** Every byte of the asset is stored and durable; it is {@code length} bytes long. */
  record Committed(EventMeta meta, long length) implements AssetEvent {
    public Committed {
      Objects.requireNonNull(meta, "meta");
      nonNegative(length, "length");
    }
  }

  /** The asset cannot be completed; {@code reason} is redacted with {@link Redaction#text}. */
  record Failed(EventMeta meta, String reason) implements AssetEvent {
    public Failed {
      Objects.requireNonNull(meta, "meta");
      reason = redacted(reason, "reason");
    }
  }

  /** The asset was deleted, freeing {@code bytes}. */
  record Evicted(EventMeta meta, long bytes, EvictionReason reason) implements AssetEvent {
    public Evicted {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytes, "bytes");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * An asset's index was read back at startup: {@code bytesAvailable} are usable and {@code
   * committed} tells whether the asset is complete.
   */
  record IndexRecovered(EventMeta meta, long bytesAvailable, boolean committed)
      implements AssetEvent {
    public IndexRecovered {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytesAvailable, "bytesAvailable");
    }
  }

  /**
   * Bytes {@code [offset, offset + length)} of an asset failed their checksum (a write torn by a
   * power loss, a bad sector, another program writing into the cache) or were missing from its
   * data file, and were dropped: they are never served, and are fetched again like any missing
   * bytes. One event per run of adjacent bad blocks found at once.
   */
  record BadBlock(EventMeta meta, long offset, long length) implements AssetEvent {
    public BadBlock {
      Objects.requireNonNull(meta, "meta");
      nonNegative(offset, "offset");
      if (length < 1) throw new IllegalArgumentException("length < 1: " + length);
    }
  }

  /** An asset's index could not be trusted and was thrown away, for {@code reason} (redacted). */
  record IndexDiscarded(EventMeta meta, String reason) implements AssetEvent {
    public IndexDiscarded {
      Objects.requireNonNull(meta, "meta");
      reason = redacted(reason, "reason");
    }
  }
}
