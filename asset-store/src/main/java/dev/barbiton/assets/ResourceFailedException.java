package dev.barbiton.assets;

/**
 * The resource's writer gave up ({@link ResourceWriter#fail}) before the bytes a reader needed
 * arrived. Bytes that did arrive stay readable.
 */
public final class ResourceFailedException extends AssetException {
  private final String reason;

  ResourceFailedException(ResourceKey key, String reason) {
    super("resource " + key.redacted() + " failed: " + reason);
    this.reason = reason;
  }

  /** The reason the writer gave. */
  public String reason() {
    return reason;
  }
}
