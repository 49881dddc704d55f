package dev.barbiton.assets;

/** The handle (or the whole store) was closed, so the read or write cannot go on. */
public final class ResourceClosedException extends AssetException {
  ResourceClosedException(ResourceKey key, String what) {
    super(what + " of " + key.redacted() + " is closed");
  }
}
