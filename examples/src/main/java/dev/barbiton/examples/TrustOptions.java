package dev.barbiton.examples;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The trust of the hosts a command fetches from: {@code --cacert} and {@code --insecure}. Mixed into
 * {@link RequestOptions} (so every URL subcommand and {@code demo --url} take them) and into {@code
 * download run}, whose URLs are the queue's.
 */
final class TrustOptions {
  @Option(names = "--cacert", paramLabel = "FILE",
      description = "also trust the CA certificate(s) in FILE (PEM or DER), e.g. a self-signed server's own")
  Path cacert;

  @Option(names = {"-k", "--insecure"},
      description = "do not check the certificate or host name of the URL's host (a redirect elsewhere is still checked)")
  boolean insecure;

  /** Whether either option was given. */
  boolean given() {
    return cacert != null || insecure;
  }

  /**
   * A client to build on that trusts {@code --cacert} and, for {@code --insecure}, skips the checks
   * of the hosts of {@code urls} (with a warning naming them on {@code command}'s stderr): OkHttp's
   * defaults when neither option is given.
   *
   * @throws ParameterException of {@code command} for a {@code --cacert} that is not a certificate
   */
  OkHttpClient.Builder client(CommandSpec command, Collection<URI> urls) {
    OkHttpClient.Builder client;
    try {
      client = new Tls(cacert, insecure).client(urls);
    } catch (Tls.BadCertificateFile e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
    List<String> hosts = urls.stream().map(URI::getHost).filter(Objects::nonNull).distinct().toList();
    if (insecure && !hosts.isEmpty()) {
      command.commandLine().getErr().println("barbiton: warning: --insecure: the certificate and host name of "
          + String.join(", ", hosts) + (hosts.size() == 1 ? " are" : " are each") + " not checked; anyone on the way can"
          + " read and change what is sent and received");
    }
    return client;
  }
}
