package dev.barbiton.file.transcode;

/**
 * The transcode stopped because {@link Transcoder#cancel()} was called or its thread was
 * interrupted (the interrupt status is kept). Everything native is freed; what reached the sink is
 * an unfinished output.
 */
public final class TranscodeCancelledException extends TranscodeException {
  private static final long serialVersionUID = 1L;

  public TranscodeCancelledException(Stage stage, String message, Throwable cause) {
    super(stage, 0, message, cause);
  }
}
