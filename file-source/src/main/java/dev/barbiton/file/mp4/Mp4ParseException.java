package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import java.io.IOException;

/**
 * A file that presents itself as fragmented MP4 is malformed: a box has an impossible size, ends
 * early, or holds values that contradict the rest of the file. The message names the box type and
 * the absolute byte offset of the box, for example {@code "trun at 1564: sample_count 90000 needs
 * 360000 bytes, 212 left"}.
 *
 * <p>This is an outcome about the bytes, not about the I/O: errors of the {@link RandomAccessSource} itself
 * propagate as the {@link IOException} it threw.
 */
public final class Mp4ParseException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String boxType;
  private final long offset;

  /**
   * @param boxType the four-character type of the box at fault, printable characters as is and
   *     others as {@code \xNN}; or a word such as {@code "file"} when no box is at fault
   * @param offset the absolute offset of that box in the file, {@code >= 0}
   * @param problem what is wrong, with the values involved
   */
  Mp4ParseException(String boxType, long offset, String problem) {
    super(boxType + " at " + offset + ": " + problem);
    this.boxType = boxType;
    this.offset = offset;
  }

  /** As above, for a failure that surfaced as {@code cause}. */
  Mp4ParseException(String boxType, long offset, String problem, Throwable cause) {
    this(boxType, offset, problem);
    initCause(cause);
  }

  /** The type of the box at fault, for example {@code "trun"}. */
  public String boxType() {
    return boxType;
  }

  /** The absolute offset of the box at fault in the file. */
  public long offset() {
    return offset;
  }
}
