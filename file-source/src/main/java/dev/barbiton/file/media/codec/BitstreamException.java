package dev.barbiton.file.media.codec;

/**
 * A configuration record, parameter set or header that cannot be read: it ends early, a value is
 * out of the range its specification allows, or a count exceeds the bound this package puts on
 * it. The message names the structure and the value. The readers of this package throw nothing
 * else for any bytes; the sniffers catch it and report what they read before it.
 */
public final class BitstreamException extends Exception {
  private static final long serialVersionUID = 1L;

  public BitstreamException(String message) {
    super(message);
  }
}
