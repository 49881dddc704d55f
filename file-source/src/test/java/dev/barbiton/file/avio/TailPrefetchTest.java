package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.ServedRequest;
import dev.barbiton.testing.TestMedia;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the first bytes state that the index is at the end, it is requested on a second connection
 * at once, before FFmpeg asks for it, and FFmpeg's seek there finds it on its way.
 */
@Timeout(90)
class TailPrefetchTest extends LoopbackStoreFixture {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int RATE = 256 << 10; // the sequential download takes seconds

  @Test
  void moovAtTheEnd_tailRequestedBeforeFfmpegSeeks_firstFrameLongBeforeTheDownloadEnds() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(30, false).cachedIn(TestMedia.dir()));
    long moov = mdatEnd(bytes);
    assertTrue(moov > bytes.length / 2, "a moov-at-end file: mdat ends at " + moov + " of " + bytes.length);
    server.serve("/end.mp4", bytes).contentType("video/mp4").throttle(RATE);
    try (EventBus bus = EventBus.create(); Subscription events = bus.subscribe(SubscribeOptions.builder().capacity(10_000).build());
        FileSource source = FileSource.open(server.uri("/end.mp4"), FileSourceOptions.builder(store).eventBus(bus).readTimeout(DEADLINE).build())) {
      assertEquals("bytes=0-", server.takeRequest(DEADLINE).header("Range"));
      ServedRequest tail = server.takeRequest(DEADLINE);
      assertEquals("bytes=" + moov + "-" + (bytes.length - 1), tail.header("Range"), "the tail, before any demuxer exists");

      long start = System.nanoTime();
      try (AvioDemuxer demuxer = AvioDemuxer.open(source); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
        Optional<SimpleDecoder.Frame> frame = decoder.next();
        assertTrue(frame.isPresent());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < bytes.length / (double) RATE / 3, "first frame after " + seconds + " s");
      for (ServedRequest r : server.requests()) {
        String range = r.header("Range");
        if (range.equals(tail.header("Range"))) continue;
        long from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
        assertTrue(from < moov, "FFmpeg's read of the moov moved nothing: " + server.requests());
      }
      DownloadEvent.TailRequested announced = null;
      for (var e = events.poll(); e != null; e = events.poll()) {
        if (e instanceof DownloadEvent.TailRequested t) announced = t;
      }
      assertTrue(announced != null && announced.rangeStart() == moov && announced.container().equals("mp4"), String.valueOf(announced));
    }
  }

  @Test
  void matroskaWithCuesAtTheEnd_tailRequestedAtOnce() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.matroska(30).cachedIn(TestMedia.dir()));
    server.serve("/cues.mkv", bytes).contentType("video/x-matroska").throttle(RATE);
    try (FileSource source = FileSource.open(server.uri("/cues.mkv"), FileSourceOptions.builder(store).readTimeout(DEADLINE).build())) {
      assertEquals("bytes=0-", server.takeRequest(DEADLINE).header("Range"));
      String range = server.takeRequest(DEADLINE).header("Range");
      long from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
      assertTrue(from > bytes.length / 2 && range.endsWith("-" + (bytes.length - 1)), range + " of " + bytes.length);
      try (AvioDemuxer demuxer = AvioDemuxer.open(source); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
        assertTrue(decoder.next().isPresent());
        decoder.seek(25_000); // the Cues are here: the seek needs no request of its own there
        assertTrue(decoder.next().isPresent());
      }
    }
  }

  @Test
  void faststartMp4_noTailRequest() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(30, true).cachedIn(TestMedia.dir()));
    server.serve("/fast.mp4", bytes).contentType("video/mp4");
    try (FileSource source = FileSource.open(server.uri("/fast.mp4"), FileSourceOptions.builder(store).build())) {
      source.completion().get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
    assertEquals(List.of("bytes=0-"), server.requests().stream().map(r -> r.header("Range")).toList());
  }

  /** Where the first mdat ends, walking the top-level boxes. */
  private static long mdatEnd(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long offset = 0;
    while (offset + 8 <= bytes.length) {
      long size = Integer.toUnsignedLong(b.getInt((int) offset));
      String type = new String(bytes, (int) offset + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (size == 1) size = b.getLong((int) offset + 8);
      if (type.equals("mdat")) return offset + size;
      offset += size;
    }
    throw new AssertionError("no mdat");
  }
}
