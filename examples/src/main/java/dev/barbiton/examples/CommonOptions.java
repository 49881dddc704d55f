package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every URL subcommand ({@code fetch}, {@code probe}, {@code decode}, {@code
 * thumbnail}) takes, mixed into each; the command reads them through {@link #session} and {@link
 * #progress}. The request options ({@code --header}, {@code --cacert}, {@code --insecure}) are
 * {@link RequestOptions}, mixed in here. ({@code --verbose} is every command's: {@link Verbosity}.)
 */
final class CommonOptions {
  @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
  Path cache = Caches.defaultDirectory();

  @Option(names = "--json", description = "print one JSON object instead of text (for a failure too) and no progress bar")
  boolean json;

  @Option(names = "--attempts", paramLabel = "N", description = "attempts in a row without progress before giving up (default: ${DEFAULT-VALUE})")
  int attempts = 6;

  @Mixin RequestOptions request = new RequestOptions();

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /**
   * A session on the cache directory with these options, for {@code url} (see {@link
   * RequestOptions#session}).
   *
   * @throws ParameterException for a bad {@code --attempts}, {@code --header} or {@code --cacert}
   */
  Session session(URI url) throws IOException {
    if (attempts < 1) throw new ParameterException(command.commandLine(), "--attempts < 1: " + attempts);
    return request.session(command, cache, RetryPolicy.builder().maxAttempts(attempts).build(), url);
  }

  /** A progress bar of {@code source} on the terminal; none with {@code --json}, {@code --verbose} or no terminal. */
  Progress progress(FileSource source, String task) {
    return Progress.of(source, task, json ? null : Barbiton.terminal(command));
  }
}
