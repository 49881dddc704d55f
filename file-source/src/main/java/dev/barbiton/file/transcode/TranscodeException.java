package dev.barbiton.file.transcode;

import java.io.IOException;
import java.util.Objects;

/**
 * A transcode could not be set up or did not finish. Carries the step that failed and, when FFmpeg
 * said why, its error code and text (in the message: {@code "encode: Invalid argument (-22)"}).
 * The subclasses name the failures a caller may want to tell apart: a cancel, a sink that cannot
 * seek, a corrupt packet under {@link CorruptPacketPolicy#ABORT}.
 */
public sealed class TranscodeException extends IOException
    permits TranscodeCancelledException, UnseekableOutputException, CorruptInputException {
  private static final long serialVersionUID = 1L;

  /** The step that failed. */
  public enum Stage {
    /** Opening or reading the input: probing, stream info, packets. */
    INPUT("input"),
    /** Setting up: finding codecs and the muxer, applying options, building filter graphs. */
    CONFIGURE("configure"),
    /** Decoding a packet. */
    DECODE("decode"),
    /** Running a filter graph. */
    FILTER("filter"),
    /** Encoding a frame. */
    ENCODE("encode"),
    /** Writing the output: header, packets, trailer, the sink itself. */
    OUTPUT("output");

    private final String words;

    Stage(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  private final Stage stage;
  private final int ffmpegError;

  /**
   * @param stage the step that failed
   * @param ffmpegError FFmpeg's error code (negative), or 0 if FFmpeg was not the one to fail
   * @param message what happened, for a person; FFmpeg's text included where there is one
   * @param cause the underlying exception (an input's read failure, a sink's write failure), or null
   */
  public TranscodeException(Stage stage, int ffmpegError, String message, Throwable cause) {
    super(Objects.requireNonNull(stage, "stage") + ": " + message, cause);
    this.stage = stage;
    this.ffmpegError = ffmpegError;
  }

  /** The step that failed. */
  public Stage stage() {
    return stage;
  }

  /** FFmpeg's error code (negative, an {@code AVERROR}), or 0 if the failure was not FFmpeg's. */
  public int ffmpegError() {
    return ffmpegError;
  }
}
