package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pre-caching the first 10 s of real FFmpeg-made files, then playing them through FFmpeg with the
 * origin gone: every frame of the first 10 s decodes before any request is attempted, and past
 * them a read fails with the download's typed failure.
 */
class PrecacheTest extends ManagerTestBase {
  static Stream<Arguments> media() {
    return Stream.of(
        Arguments.of(SampleMedia.mp4(30, true), "video/mp4", 0.6),
        Arguments.of(SampleMedia.mp4(30, false), "video/mp4", 0.6),
        Arguments.of(SampleMedia.fragmented(30, 2.0, true, true), "video/mp4", 0.6),
        // No sidx: FFmpeg visits every moof at open. Fragments of about 58 KB (a keyframe a second)
        // and of about 30 KB: the second are short seeks for FFmpeg's default threshold.
        Arguments.of(SampleMedia.fragmented(30, 2.0, true, false), "video/mp4", 0.5),
        Arguments.of(SampleMedia.fragmented(30, 0.5, true, false), "video/mp4", 0.5),
        Arguments.of(SampleMedia.matroska(30), "video/x-matroska", 0.45),
        Arguments.of(SampleMedia.webm(30), "video/webm", 0.45));
  }

  @ParameterizedTest
  @MethodSource("media")
  void firstTenSeconds_playOfflineWithNoRequest_pastThemReadsFail(SampleMedia media, String type, double most) throws Exception {
    byte[] content = Files.readAllBytes(media.cachedIn(TestMedia.dir()));
    server.serve("/film", content).contentType(type);
    URI uri = server.uri("/film");
    Precache.Result result = Precache.first(uri, Duration.ofSeconds(10), sourceOptions());
    ResourceKey key = ResourceKey.forUrl(uri);
    for (ByteRange r : result.ranges().ranges()) {
      assertArrayEquals(Arrays.copyOfRange(content, (int) r.start(), (int) r.end()), cached(key, r.start(), r.end()), r.toString());
    }
    double share = result.bytesCached() / (double) content.length;
    assertTrue(share > 0.25 && share < most, media.fileName() + ": cached " + result.bytesCached() + " of " + content.length);
    assertTrue(server.bodyBytesSent() < content.length * most, media.fileName() + " fetched " + server.bodyBytesSent() + " of " + content.length + ": " + server.requests().stream().map(q -> q.header("Range")).toList());

    server.close(); // the origin is gone
    events.clear();
    FileSourceOptions offline = sourceOptions().newBuilder().fetchOnly(ByteRanges.empty()).readTimeout(Duration.ofSeconds(5)).build();
    int framesBelowTen = 0;
    long lastVideoBeforeRequest = -1;
    AvioException failure = null;
    try (FileSource source = FileSource.open(uri, offline);
        AvioDemuxer demuxer = openOrSay(source, result);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      while (true) {
        Optional<SimpleDecoder.Frame> frame;
        try {
          frame = decoder.next();
        } catch (AvioException e) {
          failure = e;
          break;
        }
        if (frame.isEmpty()) break;
        if (frame.get().type() != MediaType.VIDEO) continue;
        long millis = frame.get().ptsMillis().orElseThrow();
        if (millis < 10_000) framesBelowTen++;
        if (eventsOf(DownloadEvent.RequestStarted.class, e -> true).isEmpty()) lastVideoBeforeRequest = Math.max(lastVideoBeforeRequest, millis);
      }
    }
    assertEquals(250, framesBelowTen, "every frame of the first 10 s at 25 fps");
    assertTrue(lastVideoBeforeRequest >= 9_800, "decoded to " + lastVideoBeforeRequest + " ms before the first request");
    assertNotNull(failure, "past the cached bytes a read fails: the origin is gone");
  }

  /**
   * No sidx: the map holds the fragments of the first 10 s and every later moof with its mdat's
   * header (FFmpeg's mov demuxer hops over all of them at open), and the network brings little
   * more: the fragments' mdats are hopped over while mapping, not read.
   */
  @org.junit.jupiter.api.Test
  void fragmentedWithoutSidx_mapsTheFirstTenSecondsAndEveryLaterMoof() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(30, 2.0, true, false).cachedIn(TestMedia.dir()));
    server.serve("/frag", content).contentType("video/mp4");
    Precache.Result result = Precache.first(server.uri("/frag"), Duration.ofSeconds(10), sourceOptions());
    ResourceKey key = ResourceKey.forUrl(server.uri("/frag"));
    for (ByteRange r : result.ranges().ranges()) {
      assertArrayEquals(Arrays.copyOfRange(content, (int) r.start(), (int) r.end()), cached(key, r.start(), r.end()), r.toString());
    }
    java.nio.ByteBuffer file = java.nio.ByteBuffer.wrap(content);
    int moofs = 0;
    for (long pos = 0; pos < content.length; ) {
      dev.barbiton.file.isobmff.BoxHeader box = dev.barbiton.file.isobmff.BoxHeader.parse(file, (int) pos, pos, content.length);
      if (box.type().equals("moof")) {
        moofs++;
        assertTrue(result.ranges().contains(box.offset(), box.size() + 8), "moof at " + box.offset() + " and its mdat's header");
      }
      pos = box.end();
    }
    assertTrue(moofs >= 15, moofs + " moofs: 2 s fragments of 30 s");
    double share = result.bytesCached() / (double) content.length;
    assertTrue(share > 0.3 && share < 0.45, "cached " + share);
    long extra = server.bodyBytesSent() - result.bytesCached();
    assertTrue(extra <= moofs * 4096L, "fetched " + extra + " bytes past the map, " + moofs + " moofs: "
        + server.requests().stream().map(q -> q.header("Range")).toList());
  }

  private AvioDemuxer openOrSay(FileSource source, Precache.Result result) throws Exception {
    try {
      return AvioDemuxer.open(source);
    } catch (AvioException e) {
      throw new AssertionError("open failed; cached " + result.ranges() + " of " + source.length() + "; requests: "
          + eventsOf(DownloadEvent.RequestStarted.class, r -> true), e);
    }
  }
}
