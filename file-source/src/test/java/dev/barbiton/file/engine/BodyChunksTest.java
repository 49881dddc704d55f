package dev.barbiton.file.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

/** Chunks over a real loopback socket: bytes that arrived are gathered, none is held back waiting. */
final class BodyChunksTest {
  private static final int SENT = 96 << 10;

  @Test
  void gathersWhatArrivedIntoOneChunkAndNeverWaitsWhileHoldingBytes() throws Exception {
    byte[] first = new byte[SENT];
    for (int i = 0; i < first.length; i++) first[i] = (byte) (i * 31);
    CountDownLatch release = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
         Socket peer = server.accept()) {
      OutputStream out = peer.getOutputStream();
      out.write(first); // all of it in the client's receive buffer before the first read
      out.flush();
      awaitAvailable(client, SENT);
      Thread sender = new Thread(() -> {
        try {
          release.await(30, TimeUnit.SECONDS);
          out.write(new byte[] {1, 2, 3});
          peer.shutdownOutput();
        } catch (Exception ignored) {
          // the test fails on what it reads
        }
      });
      sender.start();
      SocketBacklog backlog = new SocketBacklog();
      backlog.attach(client);
      BufferedSource source = Okio.buffer(Okio.source(client));
      BodyChunks chunks = new BodyChunks(source, backlog);
      ByteBuffer buffer = ByteBuffer.allocateDirect(256 << 10);
      // The 96 KiB that arrived come back without waiting for the 3 bytes held back, and in
      // chunks far larger than one 8 KiB socket read.
      int got = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        int total = 0;
        int calls = 0;
        while (total < SENT) {
          int n = chunks.fill(buffer, 0);
          assertTrue(n > 0, "bytes expected, got " + n);
          total += n;
          calls++;
        }
        assertTrue(calls <= 4, "gathered into few chunks, took " + calls);
        return total;
      });
      assertEquals(SENT, got);
      buffer.flip();
      byte[] read = new byte[got];
      buffer.get(read);
      assertArrayEquals(first, read);
      release.countDown();
      buffer.clear();
      assertEquals(3, chunks.fill(buffer, 0));
      assertEquals(-1, chunks.fill(buffer, 0));
      sender.join(10_000);
    }
  }

  @Test
  void withoutASocketReadsOncePerChunk() throws Exception {
    okio.Buffer body = new okio.Buffer().write(new byte[100]);
    BodyChunks chunks = new BodyChunks(Okio.buffer((okio.Source) body), new SocketBacklog());
    ByteBuffer buffer = ByteBuffer.allocate(1000);
    assertEquals(100, chunks.fill(buffer, 0));
    assertEquals(-1, chunks.fill(buffer, 0));
    byte[] zeros = new byte[100];
    buffer.flip();
    byte[] read = new byte[100];
    buffer.get(read);
    assertTrue(Arrays.equals(zeros, read));
  }

  private static void awaitAvailable(Socket socket, int bytes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (socket.getInputStream().available() < bytes) {
      if (System.nanoTime() > deadline) throw new AssertionError("bytes did not arrive: " + socket.getInputStream().available());
      java.util.concurrent.locks.LockSupport.parkNanos(100_000);
    }
  }
}
