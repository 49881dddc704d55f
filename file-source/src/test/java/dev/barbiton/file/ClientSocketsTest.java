package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The sockets a source's client uses: an app's own socket factory is kept. */
class ClientSocketsTest extends SourceTestBase {

  /** Plain sockets, counted; OkHttp asks only for unconnected ones, and connects them itself. */
  private static final class CountingFactory extends SocketFactory {
    final AtomicInteger created = new AtomicInteger();

    @Override
    public Socket createSocket() {
      created.incrementAndGet();
      return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("connected sockets are not asked for");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("connected sockets are not asked for");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("connected sockets are not asked for");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException("connected sockets are not asked for");
    }
  }

  @Test
  void anAppsOwnSocketFactory_isTheOneUsed_andTheBytesArriveWhole() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 41);
    server.serve("/own.bin", content);
    CountingFactory factory = new CountingFactory();
    OkHttpClient client = new OkHttpClient.Builder().socketFactory(factory).build();
    try (FileSource source = FileSource.open(server.uri("/own.bin"),
        options().client(client).acceptAnyContent(true).build())) {
      assertFinished(source);
      assertBytes(content, source);
    }
    assertTrue(factory.created.get() >= 1, "the app's factory made the connection");
  }
}
