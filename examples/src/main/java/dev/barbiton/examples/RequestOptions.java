package dev.barbiton.examples;

import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a command's requests go out: the headers they send ({@code --header}) and the trust of the
 * URL's host ({@link TrustOptions}: {@code --cacert}, {@code --insecure}). Mixed into {@link CommonOptions}, so every URL
 * subcommand takes them, and into {@code demo}, for its {@code --url}.
 */
final class RequestOptions {
  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
      description = "send this request header (repeatable), to the URL's origin only; its value is never printed")
  List<String> headers = new ArrayList<>();

  @Mixin TrustOptions trust = new TrustOptions();

  /** Whether any of these options was given. */
  boolean given() {
    return !headers.isEmpty() || trust.given();
  }

  /**
   * A session on {@code cache} for {@code url}: its HTTP client trusts {@code --cacert} and skips
   * the checks for {@code --insecure} (with a warning on {@code command}'s stderr), its sources send
   * {@code --header}.
   *
   * @throws ParameterException of {@code command} for a bad {@code --header} or {@code --cacert}
   */
  Session session(CommandSpec command, Path cache, RetryPolicy retryPolicy, URI url) throws IOException {
    List<Session.Header> parsed = new ArrayList<>();
    for (String header : headers) parsed.add(header(command, header));
    OkHttpClient.Builder client = trust.client(command, List.of(url));
    Session session = new Session(cache, retryPolicy, client, parsed);
    try {
      session.options(); // the headers' names and values, checked by the library (which never shows a value)
    } catch (IllegalArgumentException e) {
      session.close();
      throw usage(command, "--header: " + e.getMessage());
    }
    return session;
  }

  /** {@code NAME:VALUE} (spaces around either allowed), as in {@code "Authorization: Bearer ..."}. */
  private static Session.Header header(CommandSpec command, String header) {
    int colon = header.indexOf(':');
    String name = colon < 0 ? "" : header.substring(0, colon).strip();
    if (name.isEmpty()) {
      // Never the argument itself: it may be a credential with the name left out.
      throw usage(command, "--header needs NAME:VALUE, as in \"Authorization: Bearer ...\"; got "
          + (colon < 0 ? "no ':'" : "no name before the ':'"));
    }
    return new Session.Header(name, header.substring(colon + 1).strip());
  }

  private static ParameterException usage(CommandSpec command, String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
