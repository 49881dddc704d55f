package dev.barbiton.file.process;

import java.util.List;

/** The tool was stopped by {@link ToolRun#cancel()} or by closing its {@link ToolRunner}. */
public final class ToolCancelledException extends ToolException {
  private static final long serialVersionUID = 1L;

  public ToolCancelledException(String command, List<String> stderrTail) {
    super(command + " was stopped", stderrTail, null);
  }
}
