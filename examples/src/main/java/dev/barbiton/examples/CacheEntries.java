package dev.barbiton.examples;

import dev.barbiton.assets.StoreDirectoryException;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.CacheEntry;
import dev.barbiton.assets.ResourceKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the {@code cache} commands share: opening the store, naming an entry, showing one. */
final class CacheEntries {
  /** Digits of the file id {@code cache ls} shows; {@code cache rm} takes any unique prefix of 8 or more. */
  static final int SHOWN_ID = 12;
  private static final int MIN_ID_PREFIX = 8;

  private CacheEntries() {}

  /** The store on {@code cache}; a directory that cannot be one is a cache failure. */
  static AssetStore open(Path cache) throws IOException {
    try {
      return AssetStore.open(cache);
    } catch (StoreDirectoryException e) {
      throw new CacheDirectoryException(e);
    }
  }

  /**
   * The key {@code arg} names: an http(s) URL names the resource a fetch of it fills; otherwise
   * an id (or a unique prefix of one) that {@code cache ls} printed; otherwise a custom key.
   */
  static Optional<ResourceKey> find(AssetStore store, String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Optional.of(ResourceKey.forUrl(URI.create(arg)));
    }
    if (lower.length() >= MIN_ID_PREFIX && lower.matches("[0-9a-f]+")) {
      ResourceKey match = null;
      for (CacheEntry entry : store.entries()) {
        if (!entry.key().fileId().startsWith(lower)) continue;
        if (match != null) return Optional.empty(); // ambiguous: not a name
        match = entry.key();
      }
      if (match != null) return Optional.of(match);
    }
    return Optional.of(ResourceKey.of(arg));
  }

  /** One entry as {@code cache ls --json} prints it: the key redacted, numbers as numbers. */
  static Map<String, Object> json(CacheEntry e) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("id", e.key().fileId().substring(0, SHOWN_ID));
    one.put("key", e.key().redacted());
    one.put("url", e.key().isUrl());
    one.put("length", e.length().isPresent() ? e.length().getAsLong() : null);
    one.put("cached", e.cachedBytes());
    one.put("complete", e.complete());
    one.put("lastAccess", e.lastAccess().toString());
    one.put("offline", e.keptOffline());
    one.put("open", e.pinned());
    return one;
  }

  /** One entry as a line of {@code cache ls}: id, cached/length, state, last access, key. */
  static String line(CacheEntry e) {
    String length = e.length().isPresent() ? Progress.bytes(e.length().getAsLong(), "") : "?";
    return String.format(Locale.ROOT, "%s  %21s  %-8s  %-7s  %-20s  %s", e.key().fileId().substring(0, SHOWN_ID),
        Progress.bytes(e.cachedBytes(), "") + "/" + length, e.complete() ? "complete" : "partial",
        e.keptOffline() ? "offline" : "-", e.lastAccess().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.key().redacted());
  }
}
