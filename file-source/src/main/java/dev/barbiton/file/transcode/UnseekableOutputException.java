package dev.barbiton.file.transcode;

/**
 * The output format, with its options, must go back over what it wrote (a normal MP4 writes its
 * {@code moov} last and patches sizes), and the sink cannot seek; or the options move what was
 * written ({@code +faststart}, {@code +global_sidx}: FFmpeg reads the file again) and the sink is
 * not a file. Raised before anything is written. Use a fragmented MP4
 * ({@code movflags=frag_keyframe+empty_moov}), WebM, Matroska or MPEG-TS on such a sink, or a sink
 * that can seek.
 */
public final class UnseekableOutputException extends TranscodeException {
  private static final long serialVersionUID = 1L;

  public UnseekableOutputException(String message) {
    super(Stage.CONFIGURE, 0, message, null);
  }
}
