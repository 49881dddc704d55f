package dev.barbiton.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every URL subcommand takes. ({@code --verbose} is every command's: {@link Verbosity}.) */
final class CommonOptions {
  @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
  Path cache = Caches.defaultDirectory();

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Option(names = "--attempts", paramLabel = "N", description = "attempts in a row without progress before giving up (default: ${DEFAULT-VALUE})")
  int attempts = 6;

  /** A session on the cache directory with these options. */
  Session session() throws java.io.IOException {
    if (attempts < 1) throw new IllegalArgumentException("--attempts < 1: " + attempts);
    return new Session(cache, dev.barbiton.file.RetryPolicy.builder().maxAttempts(attempts).build());
  }
}
