package dev.barbiton.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads request heads off one connection into a fixed buffer of {@value #MAX_HEAD} bytes, the most
 * a request line and its headers may take together (431 past it; 414 when the request line alone
 * does not fit). Bytes after a head (a pipelined request) stay for the next call.
 *
 * <p>One thread: the connection's. Blocking reads; the connection's deadline (which the watchdog
 * enforces by closing the channel) bounds how long they wait.
 */
final class HeadReader {
  static final int MAX_HEAD = 16 * 1024;

  private final SocketChannel channel;
  private final byte[] bytes = new byte[MAX_HEAD];
  /** Unread bytes are {@code bytes[start, end)}. */
  private int start;
  private int end;

  HeadReader(SocketChannel channel) {
    this.channel = channel;
  }

  /**
   * Reads the next request head. Returns null when the client closed the connection cleanly
   * between requests. {@code onStart} runs once the first byte of the head is here.
   *
   * @throws HttpError for a head that is too large or malformed (see {@link RequestHead})
   * @throws IOException if the connection fails or is closed (by the watchdog too), or the
   *     client closes it in the middle of a head
   */
  RequestHead read(Runnable onStart) throws IOException, HttpError {
    boolean started = false;
    int scanned = start;
    for (;;) {
      // RFC 9112 2.2: a server should ignore empty lines received before the request line.
      while (start < end && (bytes[start] == '\r' || bytes[start] == '\n')) start++;
      if (!started && start < end) {
        started = true;
        onStart.run();
      }
      scanned = Math.max(scanned, start);
      int headEnd = endOfHead(scanned);
      if (headEnd >= 0) {
        RequestHead head = RequestHead.parse(bytes, start, headEnd);
        start = skipEmptyLine(headEnd);
        return head;
      }
      scanned = Math.max(start, end - 2);
      if (end - start == MAX_HEAD) throw tooLarge();
      if (end == MAX_HEAD) {
        int shift = start;
        compact();
        scanned -= shift;
      }
      int n = channel.read(ByteBuffer.wrap(bytes, end, MAX_HEAD - end));
      if (n < 0) {
        if (start == end) return null;
        throw new EOFException("client closed the connection in the middle of a request head");
      }
      end += n;
    }
  }

  /**
   * Reads what the client sent, without waiting; for a response that waits for its bytes, to
   * notice that the client is gone. Returns false when the client closed its side (or the
   * connection failed); true when it is still there, whether or not it sent anything (a pipelined
   * request is kept for {@link #read}).
   */
  boolean peerStillThere() {
    try {
      if (end == MAX_HEAD) compact();
      if (end == MAX_HEAD) return true; // a full buffer of pipelined requests: certainly still there
      channel.configureBlocking(false);
      try {
        int n = channel.read(ByteBuffer.wrap(bytes, end, MAX_HEAD - end));
        if (n < 0) return false;
        end += n;
        return true;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The index just past the LF that ends the head's last line, if the empty line that ends the
   * head is among the bytes from {@code from}; -1 otherwise.
   */
  private int endOfHead(int from) {
    for (int i = Math.max(from, start); i < end; i++) {
      if (bytes[i] != '\n') continue;
      if (i + 1 < end && bytes[i + 1] == '\n') return i + 1;
      if (i + 2 < end && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') return i + 1;
    }
    return -1;
  }

  /** Past the empty line at {@code at} (CRLF or LF). */
  private int skipEmptyLine(int at) {
    return bytes[at] == '\r' ? at + 2 : at + 1;
  }

  private HttpError tooLarge() {
    for (int i = start; i < end; i++) {
      if (bytes[i] == '\n') return new HttpError(431, "request head over " + MAX_HEAD + " bytes");
    }
    return new HttpError(414, "request line over " + MAX_HEAD + " bytes");
  }

  private void compact() {
    System.arraycopy(bytes, start, bytes, 0, end - start);
    end -= start;
    start = 0;
  }
}
