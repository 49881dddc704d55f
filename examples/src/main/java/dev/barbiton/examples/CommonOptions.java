package dev.barbiton.examples;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every URL subcommand takes. ({@code --verbose} is every command's: {@link Verbosity}.) */
final class CommonOptions {
  @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
  Path cache = Caches.defaultDirectory();

  @Option(names = "--json", description = "print one JSON object instead of text (for a failure too) and no progress bar")
  boolean json;

  @Option(names = "--attempts", paramLabel = "N", description = "attempts in a row without progress before giving up (default: ${DEFAULT-VALUE})")
  int attempts = 6;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /**
   * A session on the cache directory with these options.
   *
   * @throws ParameterException for a bad {@code --attempts}
   */
  Session session() throws java.io.IOException {
    if (attempts < 1) throw new ParameterException(command.commandLine(), "--attempts < 1: " + attempts);
    return new Session(cache, dev.barbiton.file.RetryPolicy.builder().maxAttempts(attempts).build());
  }

  /** A progress bar of {@code source} on the terminal; none with {@code --json}, {@code --verbose} or no terminal. */
  Progress progress(dev.barbiton.file.FileSource source, String task) {
    return Progress.of(source, task, json ? null : Barbiton.terminal(command));
  }
}
