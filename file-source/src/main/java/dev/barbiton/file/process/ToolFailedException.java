package dev.barbiton.file.process;

import java.util.List;

/** The tool exited with a status other than 0, or could not be started. */
public final class ToolFailedException extends ToolException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public ToolFailedException(String command, int exitCode, List<String> stderrTail, Throwable cause) {
    super(exitCode < 0 ? "cannot start " + command : command + " exited with status " + exitCode, stderrTail, cause);
    this.exitCode = exitCode;
  }

  /** The exit status, or -1 if the tool could not be started (the cause says why). */
  public int exitCode() {
    return exitCode;
  }
}
