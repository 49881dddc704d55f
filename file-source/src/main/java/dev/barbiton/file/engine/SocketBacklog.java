package dev.barbiton.file.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * Whether the socket of one HTTP/1 call holds received bytes, so that a read of its body returns
 * without waiting. Only an HTTP/1 socket is attached (by {@link SocketReads}): all its bytes are
 * that body's (OkHttp does not pipeline). Until one is attached, or when asking fails, the answer
 * is "no", so that the body loop writes what it has rather than wait.
 */
final class SocketBacklog {
  private volatile InputStream in;

  void attach(Socket socket) {
    try {
      in = socket.getInputStream();
    } catch (IOException e) {
      in = null;
    }
  }

  /** Whether the socket's receive buffer holds bytes now. */
  boolean hasBytes() {
    InputStream stream = in;
    if (stream == null) return false;
    try {
      return stream.available() > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
