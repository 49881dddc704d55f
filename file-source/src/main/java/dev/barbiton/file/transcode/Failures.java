package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.Ffmpeg;

/** Turning FFmpeg's error codes and the avio package's exceptions into {@link TranscodeException}s. */
final class Failures {
  private Failures() {}

  /** A failure of {@code what} with FFmpeg's code and text. */
  static TranscodeException ffmpeg(TranscodeException.Stage stage, int code, String what) {
    return new TranscodeException(stage, code, what + ": " + Ffmpeg.describeError(code), null);
  }

  /** A failure without an FFmpeg code: a codec, a format or an option that does not exist. */
  static TranscodeException configure(String message) {
    return new TranscodeException(TranscodeException.Stage.CONFIGURE, 0, message, null);
  }

  /** {@code e} at the step it names: cancelled reads and writes become {@link TranscodeCancelledException}. */
  static TranscodeException of(AvioException e) {
    TranscodeException.Stage stage = switch (e.stage()) {
      case OPEN_OUTPUT -> TranscodeException.Stage.CONFIGURE;
      case WRITE_HEADER, WRITE_PACKET, WRITE_TRAILER -> TranscodeException.Stage.OUTPUT;
      case DECODE, OPEN_DECODER -> TranscodeException.Stage.DECODE;
      default -> TranscodeException.Stage.INPUT;
    };
    if (e.cancelled()) return new TranscodeCancelledException(stage, "cancelled while the " + stage + " ran", e);
    return new TranscodeException(stage, e.errorCode(), e.getMessage(), e.getCause() != null ? e.getCause() : e);
  }

  static TranscodeCancelledException cancelled(TranscodeException.Stage stage) {
    return new TranscodeCancelledException(stage, "cancelled", null);
  }
}
