package dev.barbiton.assets;

import java.time.Duration;
import java.util.OptionalLong;

/** A read waited longer than its timeout for bytes, or for the length, that had not arrived. */
public final class ResourceTimeoutException extends AssetException {
  private final OptionalLong position;
  private final Duration timeout;

  private ResourceTimeoutException(String message, OptionalLong position, Duration timeout) {
    super(message);
    this.position = position;
    this.timeout = timeout;
  }

  static ResourceTimeoutException forByte(ResourceKey key, long position, Duration timeout) {
    return new ResourceTimeoutException("timed out after " + timeout.toMillis() + " ms waiting for byte " + position
        + " of " + key.redacted(), OptionalLong.of(position), timeout);
  }

  static ResourceTimeoutException forLength(ResourceKey key, Duration timeout) {
    return new ResourceTimeoutException("timed out after " + timeout.toMillis() + " ms waiting for the length of "
        + key.redacted() + " (the server has not told it and the download has not ended)", OptionalLong.empty(), timeout);
  }

  /** The position the read waited for; empty when it waited for the length. */
  public OptionalLong position() {
    return position;
  }

  /** The timeout that elapsed. */
  public Duration timeout() {
    return timeout;
  }
}
