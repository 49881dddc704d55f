package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every URL subcommand ({@code fetch}, {@code probe}, {@code decode}, {@code
 * thumbnail}) takes, mixed into each; the command reads them through {@link #session} and {@link
 * #progress}. ({@code --verbose} is every command's: {@link Verbosity}.)
 */
final class CommonOptions {
  @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
  Path cache = Caches.defaultDirectory();

  @Option(names = "--json", description = "print one JSON object instead of text (for a failure too) and no progress bar")
  boolean json;

  @Option(names = "--attempts", paramLabel = "N", description = "attempts in a row without progress before giving up (default: ${DEFAULT-VALUE})")
  int attempts = 6;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
      description = "send this request header (repeatable), to the URL's origin only; its value is never printed")
  List<String> headers = new ArrayList<>();

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "also trust the CA certificate(s) in FILE (PEM or DER), e.g. a self-signed server's own")
  Path cacert;

  @Option(names = {"-k", "--insecure"},
      description = "do not check the certificate or host name of the URL's host (a redirect elsewhere is still checked)")
  boolean insecure;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /**
   * A session on the cache directory with these options, for {@code url}: its HTTP client trusts
   * {@code --cacert} and skips the checks for {@code --insecure}, its sources send {@code --header}.
   *
   * @throws ParameterException for a bad {@code --attempts}, {@code --header} or {@code --cacert}
   */
  Session session(URI url) throws IOException {
    if (attempts < 1) throw usage("--attempts < 1: " + attempts);
    List<Session.Header> parsed = new ArrayList<>();
    for (String header : headers) parsed.add(header(header));
    Tls tls = new Tls(cacert, insecure);
    OkHttpClient.Builder client;
    try {
      client = tls.client(url);
    } catch (Tls.BadCertificateFile e) {
      throw usage(e.getMessage());
    }
    if (insecure) {
      command.commandLine().getErr().println("barbiton: warning: --insecure: the certificate and host name of "
          + url.getHost() + " are not checked; anyone on the way can read and change what is sent and received");
    }
    Session session = new Session(cache, RetryPolicy.builder().maxAttempts(attempts).build(), client, parsed);
    try {
      session.options(); // the headers' names and values, checked by the library (which never shows a value)
    } catch (IllegalArgumentException e) {
      session.close();
      throw usage("--header: " + e.getMessage());
    }
    return session;
  }

  /** A progress bar of {@code source} on the terminal; none with {@code --json}, {@code --verbose} or no terminal. */
  Progress progress(FileSource source, String task) {
    return Progress.of(source, task, json ? null : Barbiton.terminal(command));
  }

  /** {@code NAME:VALUE} (spaces around either allowed), as in {@code "Authorization: Bearer ..."}. */
  private Session.Header header(String header) {
    int colon = header.indexOf(':');
    String name = colon < 0 ? "" : header.substring(0, colon).strip();
    if (name.isEmpty()) {
      // Never the argument itself: it may be a credential with the name left out.
      throw usage("--header needs NAME:VALUE, as in \"Authorization: Bearer ...\"; got "
          + (colon < 0 ? "no ':'" : "no name before the ':'"));
    }
    return new Session.Header(name, header.substring(colon + 1).strip());
  }

  private ParameterException usage(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
