package dev.barbiton.assets;

import java.time.Duration;

/** A read waited longer than its timeout for bytes that had not arrived. */
public final class ResourceTimeoutException extends AssetException {
  private final long position;
  private final Duration timeout;

  ResourceTimeoutException(ResourceKey key, long position, Duration timeout) {
    super("timed out after " + timeout.toMillis() + " ms waiting for byte " + position
        + " of " + key.redacted());
    this.position = position;
    this.timeout = timeout;
  }

  /** The position the read waited for. */
  public long position() {
    return position;
  }

  /** The timeout that elapsed. */
  public Duration timeout() {
    return timeout;
  }
}
