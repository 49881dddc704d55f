package dev.barbiton.file.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets whose input is read ahead in reads of up to {@link #READ_AHEAD} bytes. okio reads
 * a socket 8 KiB at a time (its segment size), so a body at hundreds of MB/s costs tens of
 * thousands of {@code read} calls a second, and as many {@code ioctl}s for the body loop's "has
 * more arrived?" ({@link SocketBacklog}); read ahead, one call takes what the receive buffer holds
 * and okio's reads are served from memory. TLS reads through the same stream when it layers on
 * such a socket. One instance for every client, so that their connections stay poolable together.
 */
final class ReadAheadSockets extends SocketFactory {
  static final ReadAheadSockets INSTANCE = new ReadAheadSockets();
  /** The most one read takes from the socket. */
  static final int READ_AHEAD = 256 << 10;

  private ReadAheadSockets() {}

  @Override
  public Socket createSocket() {
    return new ReadAheadSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return open(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return open(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return open(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return open(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
  }

  /** A socket bound to {@code local} (null: any) and connected to {@code remote}. */
  private static Socket open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = new ReadAheadSocket();
    try {
      if (local != null) socket.bind(local);
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A plain socket whose input stream reads ahead. */
  private static final class ReadAheadSocket extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) in = new ReadAheadInput(super.getInputStream());
      return in;
    }
  }

  /**
   * Reads the socket in large reads and serves smaller reads from what it holds. Never waits while
   * it holds bytes; {@link #available()} asks the socket only when it holds none. One reader at a
   * time, as a socket's input has.
   */
  static final class ReadAheadInput extends InputStream {
    private final InputStream socket;
    private byte[] buffer;
    private int position;
    private int limit;

    ReadAheadInput(InputStream socket) {
      this.socket = socket;
    }

    @Override
    public int read() throws IOException {
      if (position == limit && !fill()) return -1;
      return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (off < 0 || len < 0 || len > b.length - off) throw new IndexOutOfBoundsException(off + "+" + len + " of " + b.length);
      if (len == 0) return 0;
      if (position == limit) {
        if (len >= READ_AHEAD) return socket.read(b, off, len); // as large as ours: no copy through it
        if (!fill()) return -1;
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    /** One read of the socket into the empty buffer; false at its end. */
    private boolean fill() throws IOException {
      if (buffer == null) buffer = new byte[READ_AHEAD];
      position = 0;
      limit = 0;
      int n = socket.read(buffer, 0, buffer.length);
      if (n <= 0) return false;
      limit = n;
      return true;
    }

    @Override
    public int available() throws IOException {
      int held = limit - position;
      return held > 0 ? held : socket.available();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
