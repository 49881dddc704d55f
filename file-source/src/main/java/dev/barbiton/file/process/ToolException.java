package dev.barbiton.file.process;

import java.io.IOException;
import java.util.List;

/**
 * A tool did not finish well: it failed ({@link ToolFailedException}), ran out of time ({@link
 * ToolTimeoutException}) or was stopped ({@link ToolCancelledException}). Carries the command line
 * (redacted) and the last lines the tool wrote to standard error.
 */
public abstract sealed class ToolException extends IOException
    permits ToolFailedException, ToolTimeoutException, ToolCancelledException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> stderrTail;

  ToolException(String message, List<String> stderrTail, Throwable cause) {
    super(message + (stderrTail.isEmpty() ? "" : "; its last words: " + String.join(" | ", stderrTail)), cause);
    this.stderrTail = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stderrTail));
  }

  /** The last lines of the tool's standard error. */
  public List<String> stderrTail() {
    return stderrTail;
  }
}
