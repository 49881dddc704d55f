package dev.barbiton.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.HostnameVerifier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * The HTTP client's trust, from {@code --cacert} and {@code --insecure}, through OkHttp's {@link
 * HandshakeCertificates}: the platform's CAs plus those in the file. For {@code --insecure}, the
 * URL's own host is not checked at all: OkHttp's insecure host takes any certificate from it (even
 * self-signed or expired), and the host name verifier passes its name; any other host a redirect
 * leads to is checked as usual.
 */
record Tls(Path cacert, boolean insecure) {
  /** The file given to {@code --cacert} cannot be read as certificates; the message says why. */
  static final class BadCertificateFile extends IOException {
    private static final long serialVersionUID = 1L;

    BadCertificateFile(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A client for {@code url} to build on: OkHttp's defaults when neither option is given. */
  OkHttpClient.Builder client(URI url) throws BadCertificateFile {
    return client(List.of(url));
  }

  /**
   * A client for {@code urls} to build on: with {@code insecure}, none of their hosts is checked.
   * OkHttp's defaults when neither option is given.
   */
  OkHttpClient.Builder client(Collection<URI> urls) throws BadCertificateFile {
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    if (cacert == null && !insecure) return builder;
    HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
    if (cacert != null) {
      for (X509Certificate certificate : certificates(cacert)) trust.addTrustedCertificate(certificate);
    }
    Set<String> hosts = new HashSet<>();
    for (URI url : urls) {
      HttpUrl parsed = HttpUrl.parse(url.toString());
      if (insecure && parsed != null) hosts.add(parsed.host()); // as OkHttp spells it: no brackets around IPv6
    }
    for (String host : hosts) trust.addInsecureHost(host);
    HandshakeCertificates certificates = trust.build();
    builder.sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager());
    if (hosts.isEmpty()) return builder;
    HostnameVerifier okhttp = builder.build().hostnameVerifier(); // OkHttp's own, for every other host
    return builder.hostnameVerifier((name, session) -> hosts.contains(name.toLowerCase(Locale.ROOT)) || okhttp.verify(name, session));
  }

  /** The X.509 certificates in {@code file}, PEM (one or more) or DER. */
  static List<X509Certificate> certificates(Path file) throws BadCertificateFile {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (certificate instanceof X509Certificate x509) certificates.add(x509);
      }
    } catch (NoSuchFileException e) {
      throw new BadCertificateFile("--cacert " + file + ": no such file", e);
    } catch (IOException e) {
      throw new BadCertificateFile("--cacert " + file + ": cannot read it: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new BadCertificateFile("--cacert " + file + ": not a certificate (PEM or DER expected): " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new BadCertificateFile("--cacert " + file + ": no certificate in it (PEM or DER expected)", null);
    }
    return certificates;
  }
}
