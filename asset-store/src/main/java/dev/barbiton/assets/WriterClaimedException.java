package dev.barbiton.assets;

/** Another writer holds the resource: one writer per resource at a time. */
public final class WriterClaimedException extends AssetException {
  WriterClaimedException(ResourceKey key) {
    super("resource " + key.redacted() + " already has a writer; close that writer first");
  }
}
