package dev.barbiton.file.avio;

import java.io.IOException;

/**
 * FFmpeg refused or failed a step of demuxing, decoding or muxing. Carries the step, FFmpeg's
 * error code (a negative {@code AVERROR}) and, when the bytes could not be read or written, the
 * input's or the sink's own exception as the cause (a read timeout, a failed download, a full
 * disk, a client that went away).
 *
 * <p>{@link #cancelled()} tells a step that stopped because the demuxer or its input was closed,
 * or the thread interrupted (interrupt status kept), from a real failure.
 */
public final class AvioException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The step that failed. */
  public enum Stage {
    /** Allocating FFmpeg's contexts. */
    ALLOCATE("allocate"),
    /** Probing the container and reading its header ({@code avformat_open_input}). */
    OPEN("open"),
    /** Reading enough packets to know every stream ({@code avformat_find_stream_info}). */
    FIND_STREAM_INFO("find stream info"),
    /** Reading the next packet ({@code av_read_frame}). */
    READ_FRAME("read frame"),
    /** Seeking by time ({@code avformat_seek_file}). */
    SEEK("seek"),
    /** Finding and opening a decoder. */
    OPEN_DECODER("open decoder"),
    /** Decoding a packet or draining a decoder. */
    DECODE("decode"),
    /**
     * Making a still image of a video frame ({@link Thumbnails}): finding a video stream and a
     * frame in it, scaling the picture, encoding the image.
     */
    THUMBNAIL("thumbnail"),
    /** Finding the muxer, allocating its contexts and applying its options ({@link AvioMuxer}). */
    OPEN_OUTPUT("open output"),
    /** Writing the container's header ({@code avformat_write_header}). */
    WRITE_HEADER("write header"),
    /** Writing a packet ({@code av_interleaved_write_frame}). */
    WRITE_PACKET("write packet"),
    /** Writing the container's trailer and flushing the output ({@code av_write_trailer}). */
    WRITE_TRAILER("write trailer");

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
  private final int errorCode;
  private final boolean cancelled;

  AvioException(Stage stage, int errorCode, String message, boolean cancelled, Throwable cause) {
    super(stage + ": " + message, cause);
    this.stage = stage;
    this.errorCode = errorCode;
    this.cancelled = cancelled;
  }

  /** The step that failed. */
  public Stage stage() {
    return stage;
  }

  /** FFmpeg's error code (negative), e.g. {@code AVERROR_INVALIDDATA}. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether the step stopped because of a close or an interrupt rather than a failure. */
  public boolean cancelled() {
    return cancelled;
  }
}
