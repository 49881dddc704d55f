package dev.barbiton.file.engine;

import dev.barbiton.file.InvalidResponseException;
import dev.barbiton.file.SourceException;
import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.assets.StorageException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Whether a failed request is worth another attempt. Retrying what cannot change by itself only
 * delays the error a user must act on: a certificate that does not verify fails the same way the
 * sixth time; a name that does not resolve gets one more try (a resolver can hiccup once), not
 * six.
 */
enum FailureKind {
  /** A dropped connection, a timeout, a 5xx, a response that contradicted itself: try again. */
  TRANSIENT,
  /** The host name did not resolve: one retry at most. */
  UNKNOWN_HOST,
  /** A status, a certificate, the disk, a closed store: give up at once. */
  PERMANENT;

  static FailureKind of(IOException e) {
    if (e instanceof SourceException) return e instanceof InvalidResponseException ? TRANSIENT : PERMANENT;
    if (e instanceof StorageException || e instanceof ResourceClosedException) return PERMANENT;
    if (e instanceof UnknownHostException) return UNKNOWN_HOST;
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) return PERMANENT;
    // https:// to a port that speaks plain HTTP: the same answer every time.
    if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("nrecognized SSL message")) return PERMANENT;
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof CertificateException) return PERMANENT;
    }
    return TRANSIENT;
  }
}
