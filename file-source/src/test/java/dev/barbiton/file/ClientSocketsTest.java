package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The sockets a source's client uses: an app's own socket factory is kept. */
class ClientSocketsTest extends SourceTestBase {

  /** Plain sockets, counted. */
  private static final class CountingFactory extends SocketFactory {
    final AtomicInteger created = new AtomicInteger();

    @Override
    public Socket createSocket() {
      created.incrementAndGet();
      return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      created.incrementAndGet();
      return new Socket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      created.incrementAndGet();
      return new Socket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      created.incrementAndGet();
      return new Socket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      created.incrementAndGet();
      return new Socket(address, port, localAddress, localPort);
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
