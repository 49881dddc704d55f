package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceClosedException;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.FileEvent;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProgressiveReadTest extends SourceTestBase {

  @Test
  void throttledServer_firstBytesArriveLongBeforeTheEnd_andEveryViewReadsTheSource() throws Exception {
    byte[] content = MediaServer.testContent(6 << 20, 1);
    server.serve("/v.mp4", content).throttle(3 << 20); // about 2 s in all
    // One connection: that one request serves every reader is the point.
    try (FileSource source = FileSource.open(server.uri("/v.mp4"), options().connections(1).build())) {
      try (InputStream in = source.newInputStream()) {
        byte[] first = in.readNBytes(64 << 10);
        assertArrayEquals(Arrays.copyOf(content, 64 << 10), first);
        assertEquals(FileEvent.Phase.DOWNLOADING, source.phase(), "first bytes came before the download ended");
      }
      CompletableFuture<byte[]> viaStream = CompletableFuture.supplyAsync(() -> uncheckedRead(source));
      byte[] viaChannel = readThroughChannel(source, content.length);
      assertArrayEquals(content, viaChannel);
      assertArrayEquals(content, viaStream.get(30, TimeUnit.SECONDS));
      assertFinished(source);
      assertEquals(content.length, source.length().getAsLong());
    }
    assertEquals(1, server.requestCount(), "one request served every reader: " + server.requests());
    assertEquals("bytes=0-", server.requests().get(0).header("Range"));
    assertEquals("identity", server.requests().get(0).header("Accept-Encoding"));
  }

  @Test
  void cleanDownload_publishesRequestFirstByteProgressFinishedAndPhases() throws Exception {
    byte[] content = MediaServer.testContent(2 << 20, 2);
    server.serve("/a.mp3", content).throttle(4 << 20);
    try (FileSource source = open("/a.mp3")) {
      assertFinished(source);
    }
    List<Event> all = drainEvents();
    List<Class<?>> kinds = all.stream().<Class<?>>map(Object::getClass)
        .filter(c -> c != DownloadEvent.Progress.class && c != FileEvent.Cached.class && c != FileEvent.EndOfStream.class)
        .distinct().toList();
    assertEquals(List.of(
        FileEvent.PhaseChanged.class,
        DownloadEvent.RequestStarted.class,
        DownloadEvent.FirstByte.class,
        FileEvent.LengthResolved.class,
        DownloadEvent.RequestFinished.class), kinds.subList(0, 5), all.toString());
    assertTrue(only(all, DownloadEvent.Progress.class).size() >= 1, "progress while it downloads");
    List<FileEvent.Cached> cached = only(all, FileEvent.Cached.class);
    assertEquals(content.length, cached.get(cached.size() - 1).bytesCached(), "the last Cached says all of it");
    List<FileEvent.PhaseChanged> phases = only(all, FileEvent.PhaseChanged.class);
    assertEquals(FileEvent.Phase.DOWNLOADING, phases.get(0).to());
    assertEquals(FileEvent.Phase.COMPLETE, phases.get(1).to());
    long[] seq = all.stream().mapToLong(Event::sequence).toArray();
    for (int i = 1; i < seq.length; i++) assertTrue(seq[i] > seq[i - 1], "sequence increases");
  }

  @Test
  void completeResourceReopened_opensCompleteWithZeroRequests() throws Exception {
    byte[] content = MediaServer.testContent(300_000, 3);
    server.serve("/c.mp4", content);
    try (FileSource source = open("/c.mp4")) {
      assertFinished(source);
    }
    int before = server.requestCount();
    try (FileSource again = open("/c.mp4")) {
      assertEquals(FileEvent.Phase.COMPLETE, again.phase());
      assertBytes(content, again);
    }
    assertEquals(before, server.requestCount());
  }

  @Test
  void closeDuringDownload_stopsTheNetworkWithinASecond_andUnblocksReaders() throws Exception {
    byte[] content = MediaServer.testContent(8 << 20, 4);
    server.serve("/slow.mp4", content).always(Fault.stallAfter(0)); // every response stalls before its body: reads block
    FileSource source = open("/slow.mp4");
    SeekableByteChannel channel = source.newChannel();
    channel.position(7 << 20);
    CompletableFuture<Integer> blocked = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        blocked.complete(channel.read(ByteBuffer.allocate(10)));
      } catch (Exception e) {
        blocked.completeExceptionally(e);
      }
    });
    reader.start();
    server.takeRequest(DEADLINE);
    awaitBlocked(reader);
    long start = System.nanoTime();
    source.close();
    assertInstanceOf(DownloadOutcome.Cancelled.class, source.completion().get(1, TimeUnit.SECONDS));
    ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(1, TimeUnit.SECONDS));
    assertInstanceOf(ResourceClosedException.class, e.getCause());
    server.awaitIdle(java.time.Duration.ofSeconds(1));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    for (ServedRequest r : server.requests()) assertNotEquals(content.length, r.bodyBytesSent());
  }

  private static byte[] uncheckedRead(FileSource source) {
    try {
      return readAll(source.newInputStream());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static byte[] readThroughChannel(FileSource source, int length) throws Exception {
    try (SeekableByteChannel channel = source.newChannel()) {
      ByteBuffer all = ByteBuffer.allocate(length);
      ByteBuffer one = ByteBuffer.allocate(7); // awkward small reads
      while (true) {
        one.clear();
        int n = channel.read(one);
        if (n < 0) break;
        one.flip();
        all.put(one);
      }
      assertEquals(length, channel.size());
      return all.array();
    }
  }
}
