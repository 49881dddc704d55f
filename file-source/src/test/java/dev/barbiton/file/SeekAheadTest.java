package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.FileEvent;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class SeekAheadTest extends SourceTestBase {

  @Test
  void readerSeeksTo90Percent_nextRequestStartsThere_readReturnsLongBeforeTheSequentialDownload() throws Exception {
    int size = 64 << 20;
    int rate = 24 << 20; // sequential download takes about 2.7 s
    byte[] content = MediaServer.testContent(size, 21);
    server.serve("/big.mp4", content).throttle(rate);
    long target = size * 9L / 10;
    try (FileSource source = open("/big.mp4"); SeekableByteChannel channel = source.newChannel()) {
      assertEquals("bytes=0-", server.takeRequest(DEADLINE).header("Range"));
      channel.position(target);
      ByteBuffer dst = ByteBuffer.allocate(4096);
      long start = System.nanoTime();
      int n = channel.read(dst);
      long seekNanos = System.nanoTime() - start;
      assertTrue(n > 0);
      assertArrayEquals(Arrays.copyOfRange(content, (int) target, (int) target + n), Arrays.copyOf(dst.array(), n));
      assertEquals(FileEvent.Phase.DOWNLOADING, source.phase(), "the read did not wait for the sequential download");
      double sequentialNanos = target * 1e9 / rate;
      assertTrue(seekNanos < sequentialNanos / 4, "seek took " + seekNanos / 1e6 + " ms, sequential would take " + sequentialNanos / 1e6);

      ServedRequest jump = server.takeRequest(DEADLINE);
      assertEquals("bytes=" + target + "-", jump.header("Range"));
      assertFinished(source);
      assertBytes(content, source);
    }
    List<ServedRequest> requests = server.requests();
    long sent = requests.stream().mapToLong(ServedRequest::bodyBytesSent).sum();
    assertTrue(sent < size + (4L << 20), "fetched " + sent + " bytes for a " + size + "-byte file: " + requests);
  }
}
