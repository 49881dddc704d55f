package dev.barbiton.file.transcode;

import java.util.OptionalLong;

/**
 * A packet of the input could not be decoded, under {@link CorruptPacketPolicy#ABORT}. Carries the
 * packet's byte position in the input, when the demuxer knows it.
 */
public final class CorruptInputException extends TranscodeException {
  private static final long serialVersionUID = 1L;
  private final long position;

  /**
   * @param position the packet's byte offset in the input, or -1 if unknown
   */
  public CorruptInputException(int ffmpegError, long position, String message) {
    super(Stage.DECODE, ffmpegError, message, null);
    this.position = position;
  }

  /** The corrupt packet's byte offset in the input, if the demuxer knows it. */
  public OptionalLong position() {
    return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
  }
}
