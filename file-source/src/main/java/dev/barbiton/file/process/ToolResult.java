package dev.barbiton.file.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A tool that exited with status 0.
 *
 * @param stdout what it wrote to standard output (empty when standard output carried progress)
 * @param stderrTail its last lines of standard error, as many as the command keeps
 * @param elapsed from start to exit
 */
public record ToolResult(String stdout, List<String> stderrTail, Duration elapsed) {
  public ToolResult {
    Objects.requireNonNull(stdout, "stdout");
    stderrTail = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stderrTail));
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
