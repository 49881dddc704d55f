package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.FileEvent;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaProbe;
import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.TestMedia;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A source's track details arrive when the bytes that describe them do, wherever they lie. */
@Timeout(60)
class MediaDetailsSourceTest extends SourceTestBase {

  @Test
  void moovAtTheEnd_detailsArriveWithTheTail_whileTheMainRequestStalls() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(12, false).cachedIn(TestMedia.dir()));
    MediaInfo expected = MediaProbe.describe(ByteBuffer.wrap(content));
    assertEquals(List.of("avc1.42C00D", "mp4a.40.2"), expected.codecs(), "the sample's own strings");
    // The main request stops well before the moov; only the tail fetch (request 2) can bring it.
    server.serve("/end.mp4", content).onRequest(1, Fault.stallAfter(100_000));
    try (FileSource source = open("/end.mp4")) {
      MediaInfo info = awaitDetails(source);
      assertTrue(source.available().contiguousFrom(0) < content.length / 2, "the main request is stalled");
      assertEquals(expected.tracks(), info.tracks());
      assertEquals(expected.codecs(), info.codecs());
      assertEquals(Optional.of("video/mp4; codecs=\"avc1.42C00D, mp4a.40.2\""), info.contentType());
    }
    List<FileEvent.MediaDetailsReady> ready = only(drainEvents(), FileEvent.MediaDetailsReady.class);
    assertEquals(1, ready.size(), ready::toString);
    assertEquals(new FileEvent.MediaDetailsReady(ready.get(0).meta(), "MP4", expected.codecs(), 2, true), ready.get(0));
  }

  @Test
  void fastStartMoovLargerThanTheSniffingWindow_listsEveryTrack() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(30, true).cachedIn(TestMedia.dir()));
    // The moov's first 4 KiB hold the video track only: sniffing alone names one codec.
    MediaInfo sniffed = MediaSniffer.sniff(ByteBuffer.wrap(content, 0, MediaSniffer.SNIFF_BYTES));
    assertEquals(List.of("avc1.42C00D"), sniffed.codecs());
    server.serve("/fast.mp4", content).contentType("video/mp4; codecs=\"avc1.42c00d\"");
    try (FileSource source = open("/fast.mp4")) {
      assertFinished(source);
      MediaInfo info = source.mediaInfo().orElseThrow();
      assertEquals(List.of("avc1.42C00D", "mp4a.40.2"), info.codecs());
      assertEquals(MediaInfo.Source.BOTH, info.source());
      TrackDetails video = info.tracks().get(0);
      assertEquals(Duration.ofSeconds(30), video.duration().orElseThrow());
      assertEquals(25.0, video.frameRate().getAsDouble(), 1e-9);
      assertEquals(Duration.ofSeconds(1), video.keyframeInterval().orElseThrow());
      assertEquals(List.of(320, 240), List.of(video.video().get().width(), video.video().get().height()));
    }
  }

  @Test
  void fragmentedMp4_fragmentsGiveDurationAndKeyframeInterval_onCompletion() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(6, 1.0, true, false).cachedIn(TestMedia.dir()));
    server.serve("/frag.mp4", content).throttle(content.length / 2); // about 2 s: the head is in long before the end
    try (FileSource source = open("/frag.mp4")) {
      assertFinished(source);
      TrackDetails video = source.mediaInfo().orElseThrow().tracks().get(0);
      assertEquals(TrackDetails.Kind.VIDEO, video.kind());
      Duration ffmpeg;
      try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(content))) {
        ffmpeg = demuxer.streams().get(0).duration().orElseThrow();
      }
      // The fragments' sample durations summed, as FFmpeg's demuxer sums them (the muxer's last
      // sample runs a little past 6 s).
      assertEquals(ffmpeg.toMillis(), video.duration().orElseThrow().toMillis(), 1);
      assertEquals(video.duration().get().dividedBy(6), video.keyframeInterval().orElseThrow(),
          "a fragment per keyframe, six of them");
      assertEquals(25.0, video.frameRate().getAsDouble(), 0.01);
    }
    List<FileEvent.MediaDetailsReady> ready = only(drainEvents(), FileEvent.MediaDetailsReady.class);
    assertEquals(List.of(false, true), ready.stream().map(FileEvent.MediaDetailsReady::complete).toList(),
        "first the moov's tracks, then the fragments' times");
  }

  @Test
  void matroska_cuesAndTagsAtTheEnd_completeTheDetails() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.webm(4).cachedIn(TestMedia.dir()));
    server.serve("/v.webm", content);
    try (FileSource source = open("/v.webm")) {
      assertFinished(source);
      MediaInfo info = source.mediaInfo().orElseThrow();
      assertEquals(List.of("vp09.00.20.08", "opus"), info.codecs());
      TrackDetails video = info.tracks().get(0);
      assertEquals(Duration.ofSeconds(4), video.duration().orElseThrow(), "the track's DURATION tag");
      assertTrue(video.keyframeInterval().isPresent(), "the cue points of the track");
    }
    List<FileEvent.MediaDetailsReady> ready = only(drainEvents(), FileEvent.MediaDetailsReady.class);
    assertTrue(ready.get(ready.size() - 1).complete(), ready::toString);
  }

  @Test
  void restartWithoutAnyHeader_detailsFromTheCachedBytes() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(3, false).cachedIn(TestMedia.dir()));
    server.serve("/r.mp4", content);
    try (FileSource source = open("/r.mp4")) {
      assertFinished(source);
    }
    try (FileSource again = open("/r.mp4")) {
      MediaInfo info = again.mediaInfo().orElseThrow();
      assertEquals(2, info.tracks().size());
      assertFalse(info.tracks().get(0).codec().isEmpty());
    }
  }

  private static MediaInfo awaitDetails(FileSource source) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      Optional<MediaInfo> info = source.mediaInfo();
      if (info.isPresent() && info.get().hasTrackDetails()) return info.get();
      if (System.nanoTime() > end) throw new AssertionError("no track details: " + info);
      LockSupport.parkNanos(1_000_000); // poll the condition
    }
  }
}
