package dev.barbiton.file.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Read-ahead sockets over a real loopback connection. */
@Timeout(30)
class ReadAheadSocketsTest {

  @Test
  void smallReads_getEveryByteInOrder_andAvailableCountsWhatWasReadAhead() throws Exception {
    byte[] sent = new byte[3 * ReadAheadSockets.READ_AHEAD + 12345];
    new Random(7).nextBytes(sent);
    CountDownLatch allSent = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
          out.write(sent);
          out.flush();
          allSent.countDown();
          s.getInputStream().read(); // until the client closes
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (Socket client = ReadAheadSockets.INSTANCE.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        InputStream in = client.getInputStream();
        assertTrue(in instanceof ReadAheadSockets.ReadAheadInput, in.getClass().getName());
        assertTrue(allSent.await(10, TimeUnit.SECONDS));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] small = new byte[8192];
        int n = in.read(small);
        got.write(small, 0, n);
        // One read of 8 KiB took more from the socket: the rest of it is held, no socket call needed.
        assertTrue(in.available() > 0, "available " + in.available());
        assertEquals(in, client.getInputStream(), "one stream per socket");
        assertEquals(sent[n] & 0xff, in.read());
        got.write(sent[n]);
        byte[] large = new byte[ReadAheadSockets.READ_AHEAD * 2];
        while (got.size() < sent.length) {
          byte[] into = got.size() % 2 == 0 ? small : large;
          int r = in.read(into, 0, into.length);
          assertTrue(r > 0);
          got.write(into, 0, r);
        }
        assertArrayEquals(sent, got.toByteArray());
      }
      serving.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStalledPeer_failsTheReadAfterTheSocketTimeout_andTheEndReadsAsMinusOne() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch stalled = new CountDownLatch(1);
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept()) {
          s.getOutputStream().write(new byte[] {1, 2, 3});
          stalled.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (Socket client = ReadAheadSockets.INSTANCE.createSocket("127.0.0.1", server.getLocalPort())) {
        client.setSoTimeout(200);
        InputStream in = client.getInputStream();
        byte[] b = new byte[10];
        int got = 0;
        while (got < 3) got += in.read(b, got, b.length - got);
        assertThrows(SocketTimeoutException.class, () -> in.read(b));
        stalled.countDown();
        serving.get(10, TimeUnit.SECONDS);
        assertEquals(-1, in.read(b), "the peer closed");
        assertEquals(-1, in.read());
      }
    }
  }
}
