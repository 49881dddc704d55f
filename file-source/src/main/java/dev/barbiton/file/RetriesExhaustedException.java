package dev.barbiton.file;

/** Every attempt the retry policy allowed failed; the cause is the last failure. */
public final class RetriesExhaustedException extends SourceException {
  private final int attempts;

  public RetriesExhaustedException(String redactedUrl, int attempts, Throwable lastFailure) {
    super("gave up on " + redactedUrl + " after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + lastFailure.getMessage(), lastFailure);
    this.attempts = attempts;
  }

  /** How many attempts were made. */
  public int attempts() {
    return attempts;
  }
}
