package dev.barbiton.server;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * One URL the app registered with {@link LoopbackServer#urlFor}: its token, the origin URL and
 * options, and the one {@link FileSource} every request for the token reads, opened at the first
 * request and kept while the registration lives, so that all clients share one download.
 *
 * <h2>Lifecycle of the source</h2>
 *
 * <p>A {@link Lease} is a source with the count of requests using it. Requests take the current
 * lease ({@link #acquire}) and give it back ({@link #release}). When the current source's download
 * has failed (its completion is {@code Failed}), the next request retires it and opens a new one,
 * which downloads again what is missing (a request never fails for an old outcome); a retired
 * source is closed when its last request gives it back, so responses still reading its cached
 * bytes finish. {@link #close} (the app released the URL, or the server closes) closes the current
 * source at once: responses in progress are cut.
 *
 * <p>{@link #pause} holds the download of the current source and of any later one (a source
 * opened while paused starts paused) until {@link #resume}.
 *
 * <p>Threads: any request thread; {@link #lock} guards the current lease, the retired flags, the
 * use counts and the paused flag. Sources are opened (and, when paused, paused) under the lock;
 * that touches the store, never the network. They are closed outside it.
 */
final class Registration {
  /** How long one wait for bytes lasts before the response checks that its client is still there. */
  static final Duration WAIT_SLICE = Duration.ofMillis(250);

  private final String token;
  /** The status API's name for this registration: not a secret, unlike the token. */
  private final String id;
  private final URI uri;
  private final String fileName;
  private final FileSourceOptions options;
  private final Duration readTimeout;
  private final Object lock = new Object();
  // Guarded by lock.
  private Lease current;
  private boolean closed;
  private boolean paused;

  /** A source and the requests using it. */
  static final class Lease {
    final FileSource source;
    // Guarded by the registration's lock.
    private int users;
    private boolean retired;

    private Lease(FileSource source) {
      this.source = source;
    }
  }

  /** @param options the app's options: their read timeout bounds each response's wait for bytes */
  Registration(String token, String id, URI uri, String fileName, FileSourceOptions options) {
    this.token = token;
    this.id = id;
    this.uri = uri;
    this.fileName = fileName;
    this.readTimeout = options.readTimeout();
    // The source's own reads wait a slice at a time; a response adds the slices up to readTimeout.
    this.options = options.newBuilder().readTimeout(WAIT_SLICE).build();
  }

  String token() {
    return token;
  }

  String id() {
    return id;
  }

  FileSourceOptions options() {
    return options;
  }

  /** The source requests read now, or null when none is open (no request came yet, or it was closed). */
  FileSource currentSource() {
    synchronized (lock) {
      return current == null ? null : current.source;
    }
  }

  boolean isPaused() {
    synchronized (lock) {
      return paused;
    }
  }

  /** Pauses the current source's download and any later source's; returns false if paused already. */
  boolean pause() {
    // Under the lock, so that pauses and resumes reach the source in their order. FileSource's
    // pause and resume only set a flag and cancel a call: they never block or call out.
    synchronized (lock) {
      if (paused) return false;
      paused = true;
      if (current != null) current.source.pause();
      return true;
    }
  }

  /** Resumes; returns false if not paused. */
  boolean resume() {
    synchronized (lock) {
      if (!paused) return false;
      paused = false;
      if (current != null) current.source.resume();
      return true;
    }
  }

  URI uri() {
    return uri;
  }

  String fileName() {
    return fileName;
  }

  /** The most a response waits for bytes that have not arrived. */
  Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The lease every request shares now, opening a source if there is none or the current one's
   * download failed. Give it back with {@link #release}.
   *
   * @throws IOException if the registration was closed, or the store refuses the source (closed)
   */
  Lease acquire() throws IOException {
    FileSource toClose = null;
    Lease lease;
    synchronized (lock) {
      if (closed) throw new IOException("the URL was released");
      if (current != null && current.source.completion().getNow(null) instanceof DownloadOutcome.Failed) {
        current.retired = true;
        if (current.users == 0) toClose = current.source;
        current = null;
      }
      if (current == null) {
        current = new Lease(FileSource.open(uri, options));
        if (paused) current.source.pause();
      }
      current.users++;
      lease = current;
    }
    if (toClose != null) toClose.close();
    return lease;
  }

  /** Gives back a lease from {@link #acquire}; closes a retired source with its last request. */
  void release(Lease lease) {
    boolean close;
    synchronized (lock) {
      lease.users--;
      close = lease.retired && lease.users == 0;
    }
    if (close) lease.source.close();
  }

  /** Closes the current source (responses in progress are cut); later acquires fail. Idempotent. */
  void close() {
    Lease toClose;
    synchronized (lock) {
      closed = true;
      toClose = current;
      current = null;
      if (toClose != null) toClose.retired = true;
    }
    if (toClose != null) toClose.source.close();
  }
}
