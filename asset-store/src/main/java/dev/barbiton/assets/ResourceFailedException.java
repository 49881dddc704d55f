package dev.barbiton.assets;

import java.util.Objects;

/**
 * The resource's writer gave up ({@link ResourceWriter#fail}) before the bytes a reader needed
 * arrived. Bytes that did arrive stay readable.
 *
 * <p>{@link #getCause()} is the writer's own typed failure, never null: for a download, the
 * source's exception (an HTTP status, a length limit, a full disk …), so that a reader can tell
 * one from another without parsing the message.
 */
public final class ResourceFailedException extends AssetException {
  ResourceFailedException(ResourceKey key, Throwable cause) {
    super("resource " + key.redacted() + " failed: " + describe(cause), Objects.requireNonNull(cause, "cause"));
  }

  /** The message of the writer's failure (its class name when it has none). */
  public String reason() {
    return describe(getCause());
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getName();
  }
}
