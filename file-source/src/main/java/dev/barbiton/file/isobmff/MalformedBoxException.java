package dev.barbiton.file.isobmff;

/**
 * A box header that cannot be: cut short, a size below its own header, or past its parent's end.
 * The MP4 index turns it into its public {@code Mp4ParseException}; sniffing takes it for "not
 * this format".
 */
public final class MalformedBoxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String boxType;
  private final long offset;
  private final String problem;

  MalformedBoxException(String boxType, long offset, String problem) {
    super(boxType + " at " + offset + ": " + problem);
    this.boxType = boxType;
    this.offset = offset;
    this.problem = problem;
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
}
