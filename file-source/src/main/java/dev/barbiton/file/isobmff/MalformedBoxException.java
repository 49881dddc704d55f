package dev.barbiton.file.isobmff;

/**
 * A box header that cannot be: cut short, a size below its own header, or past its parent's end.
 * The message names the box and its absolute offset, as in {@code "trak at 1024: size 900 runs past
 * 1500, the end of the enclosing box or file"}. The MP4 index turns it into its public {@code
 * Mp4ParseException}; sniffing takes it for "not this format", or for "the bytes end here" when it
 * is {@link #truncated()}.
 */
public final class MalformedBoxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String boxType;
  private final long offset;
  private final String problem;
  private final boolean truncated;

  MalformedBoxException(String boxType, long offset, String problem) {
    this(boxType, offset, problem, false);
  }

  private MalformedBoxException(String boxType, long offset, String problem, boolean truncated) {
    super(boxType + " at " + offset + ": " + problem);
    this.boxType = boxType;
    this.offset = offset;
    this.problem = problem;
    this.truncated = truncated;
  }

  /** A header whose bytes end before it does: what was there is not wrong, only incomplete. */
  static MalformedBoxException truncated(String boxType, long offset, String problem) {
    return new MalformedBoxException(boxType, offset, problem, true);
  }

  /** The box's type as {@link BoxHeader#typeName} prints it, or {@code "box"} before it is known. */
  public String boxType() {
    return boxType;
  }

  /** The box's absolute offset. */
  public long offset() {
    return offset;
  }

  /** What is wrong, with the values involved. */
  public String problem() {
    return problem;
  }

  /**
   * True if the bytes at hand end inside the header: nothing read so far was wrong, and more bytes
   * may make a whole header. False for a header that is wrong whatever follows.
   */
  public boolean truncated() {
    return truncated;
  }
}
