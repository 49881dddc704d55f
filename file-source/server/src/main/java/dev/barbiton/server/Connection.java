package dev.barbiton.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: reads request heads and answers them one after another (keep-alive, and
 * pipelining in order) until the client closes, asks to close, sends what the server refuses, or
 * runs past a deadline.
 *
 * <h2>Deadlines</h2>
 *
 * <p>{@link #deadline} (System.nanoTime, or {@link #NO_DEADLINE}) is what the {@link Watchdog}
 * enforces: waiting for the next request it is {@code idleTimeout} away; from the first byte of a
 * head, {@code headerTimeout} from that byte (so a head dribbled a byte at a time, slowloris,
 * cannot hold the connection past it); during each write, {@code writeTimeout} from its start and
 * renewed whenever a write call returns. While a response waits for the download there is no
 * deadline: the source's read timeout bounds that wait, and the response checks between slices of
 * it that the client is still there.
 *
 * <p>Threads: the connection's own thread does everything but {@link #expireIfPast} and {@link
 * #closeChannel}, which the watchdog and {@code LoopbackServer.close} call; both only read the
 * volatile deadline and close the channel, which wakes the connection's thread with an {@code
 * IOException}.
 */
final class Connection implements Runnable {
  static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final long LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
  private static final long LINGER_BYTES = 256 << 10;

  private final LoopbackServer server;
  private final SocketChannel channel;
  private final HeadReader reader;
  private volatile long deadline = NO_DEADLINE;
  /** Set once the last response is out and the connection only drains: its deadline is no timeout. */
  private volatile boolean lingering;
  /** The body buffer, taken from the server's pool at the first response: the connection's thread only. */
  private ByteBuffer body;

  Connection(LoopbackServer server, SocketChannel channel) {
    this.server = server;
    this.channel = channel;
    this.reader = new HeadReader(channel);
  }

  @Override
  public void run() {
    try {
      for (;;) {
        deadline = System.nanoTime() + server.idleTimeoutNanos();
        RequestHead head;
        try {
          head = reader.read(() -> deadline = System.nanoTime() + server.headerTimeoutNanos());
        } catch (HttpError e) {
          server.countRequest();
          sendStatus(e.status(), "", false, false);
          lingeringClose();
          return;
        }
        if (head == null) return;
        deadline = NO_DEADLINE;
        server.countRequest();
        if (!new Exchange(server, this, head).respond()) {
          lingeringClose();
          return;
        }
      }
    } catch (IOException e) {
      // The client went away, or the watchdog closed the connection at its deadline: no one to answer.
    } catch (RuntimeException | Error e) {
      server.log().error("connection failed unexpectedly", e);
    } finally {
      closeChannel();
      server.ended(this, body);
    }
  }

  /** This connection's body buffer, cleared. */
  ByteBuffer bodyBuffer() {
    if (body == null) body = server.takeBuffer();
    ((java.nio.Buffer) body).clear();
    return body;
  }

  /** Whether the connection runs between loopback addresses: the client is on this machine. */
  boolean onLoopback() {
    try {
      return channel.getLocalAddress() instanceof java.net.InetSocketAddress local && local.getAddress().isLoopbackAddress()
          && channel.getRemoteAddress() instanceof java.net.InetSocketAddress remote && remote.getAddress().isLoopbackAddress();
    } catch (IOException e) {
      return false; // closed: nobody to answer anyway
    }
  }

  /** This connection's body buffer as it is: what the response read into it last. */
  ByteBuffer filledBodyBuffer() {
    if (body == null) body = server.takeBuffer();
    return body;
  }

  /** Whether the client is still connected (reads what it sent meanwhile, without waiting). */
  boolean clientStillThere() {
    return reader.peerStillThere();
  }

  /**
   * Writes every remaining byte of {@code buffers}; each write call must return within the write
   * timeout, or the watchdog closes the connection.
   */
  void write(ByteBuffer... buffers) throws IOException {
    long remaining = 0;
    for (ByteBuffer b : buffers) remaining += b.remaining();
    long timeout = server.writeTimeoutNanos();
    try {
      while (remaining > 0) {
        deadline = System.nanoTime() + timeout;
        remaining -= channel.write(buffers);
      }
    } finally {
      deadline = NO_DEADLINE;
    }
  }

  /**
   * Answers with {@code status}, a short text body (none for HEAD) and {@code extraHeaders} (each
   * line ending in CRLF).
   */
  void sendStatus(int status, String extraHeaders, boolean headOnly, boolean keepAlive) throws IOException {
    String text = status + " " + Status.reason(status) + "\n";
    ByteBuffer head = ResponseHead.status(status).lines(extraHeaders)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Content-Length", text.length())
        .end(keepAlive);
    if (headOnly) write(head);
    else write(head, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /**
   * Ends the connection so that the client reads the last response: a close with unread request
   * bytes in the socket (the rest of a head too large, a body refused) makes the kernel send a
   * reset, which can destroy that response before the client reads it. So: send FIN, then read and
   * drop what the client still sends, until it closes, {@value #LINGER_BYTES} bytes, or {@link
   * #LINGER_NANOS} pass (what nginx's {@code lingering_close} does). The caller closes the channel.
   */
  private void lingeringClose() {
    lingering = true;
    try {
      channel.shutdownOutput();
      deadline = System.nanoTime() + LINGER_NANOS;
      ByteBuffer drain = ByteBuffer.allocate(8192);
      long drained = 0;
      while (drained < LINGER_BYTES) {
        int n = channel.read(drain);
        if (n < 0) break;
        drained += n;
        ((java.nio.Buffer) drain).clear();
      }
    } catch (IOException e) {
      // Gone, reset, or closed by the watchdog at the linger deadline: closed either way.
    }
  }

  /** Closes the connection if its deadline has passed at {@code now}: the watchdog's tick. */
  void expireIfPast(long now) {
    long d = deadline;
    if (d != NO_DEADLINE && now - d >= 0 && channel.isOpen()) {
      if (!lingering) server.countTimeout();
      closeChannel();
    }
  }

  /** Closes the socket; a thread blocked on it gets an {@code IOException}. Idempotent. */
  void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closed anyway.
    }
  }
}
