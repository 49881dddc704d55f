package dev.barbiton.file.process;

import java.time.Duration;
import java.util.List;

/** The tool ran longer than its command's timeout and was stopped. */
public final class ToolTimeoutException extends ToolException {
  private static final long serialVersionUID = 1L;

  public ToolTimeoutException(String command, Duration timeout, List<String> stderrTail) {
    super(command + " ran longer than " + timeout.toMillis() + " ms and was stopped", stderrTail, null);
  }
}
