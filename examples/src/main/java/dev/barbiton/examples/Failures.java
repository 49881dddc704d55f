package dev.barbiton.examples;

import dev.barbiton.assets.CacheLockedException;
import dev.barbiton.assets.StorageException;
import dev.barbiton.events.Redaction;
import dev.barbiton.file.HttpStatusException;
import dev.barbiton.file.SourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on stderr and an exit code; the stack trace only
 * with {@code --verbose}.
 *
 * <p>Exit codes: 2 bad usage (picocli's own), 3 network or server, 4 cache (locked, disk), 5 media,
 * 1 anything else.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  static final int OTHER = 1;
  static final int NETWORK = 3;
  static final int CACHE = 4;
  static final int MEDIA = 5;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    Throwable root = rootOf(e);
    err.println("barbiton: " + describe(root));
    if (Verbosity.isVerbose(cli.getCommandSpec())) e.printStackTrace(err);
    err.flush();
    return exitCode(root);
  }

  /** The failure worth naming: the first of ours in the cause chain, else the deepest. */
  static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof SourceException) && !(t instanceof CacheLockedException)
        && !(t instanceof StorageException)) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    if (t instanceof UnknownHostException) return "cannot resolve host " + t.getMessage();
    if (t instanceof ConnectException) return "cannot connect: " + Redaction.text(t.getMessage());
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return Redaction.text(message);
  }

  static int exitCode(Throwable t) {
    if (t instanceof CacheLockedException || t instanceof StorageException) return CACHE;
    if (t instanceof HttpStatusException || t instanceof SourceException || t instanceof UnknownHostException
        || t instanceof ConnectException) {
      return NETWORK;
    }
    if (t instanceof dev.barbiton.file.avio.AvioException) return MEDIA;
    if (t instanceof IOException) return NETWORK;
    return OTHER;
  }
}
