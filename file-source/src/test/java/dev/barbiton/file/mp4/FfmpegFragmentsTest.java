package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.StreamInfo;
import dev.barbiton.file.transcode.MediaCheck;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Indexes of files made by FFmpeg, checked against what FFmpeg's own demuxer reports about their
 * packets (read in this process, as {@code ffprobe} would) and against a naive count of their boxes.
 */
@Timeout(120)
class FfmpegFragmentsTest {

  static List<Named<Supplier<Path>>> media() {
    return List.of(
        named(SampleMedia.fragmented(6, 2.0, true, true)),
        named(SampleMedia.fragmented(6, 1.0, false, false)),
        named(FfmpegMedia.video("v-gop50-keyframes-sidx", 6, 50, "+frag_keyframe+global_sidx")),
        named(FfmpegMedia.audioVideo("av-gop50-keyframes", 7, 50, "+frag_keyframe")),
        named(FfmpegMedia.audioVideo("av-gop50-halfsecond", 5, 50, "").fragmentMicros(500_000)),
        named(FfmpegMedia.audioVideo("av-gop25-separate-moof", 5, 25, "+frag_keyframe+separate_moof")),
        named(FfmpegMedia.audioVideo("av-gop50-dash", 6, 50, "+frag_keyframe+dash")),
        named(FfmpegMedia.audioVideo("a-1s", 5, 25, "").fragmentMicros(1_000_000).audioOnly()));
  }

  private static Named<Supplier<Path>> named(SampleMedia media) {
    return Named.of(media.fileName(), () -> {
      try {
        return media.cachedIn(TestMedia.dir());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static Named<Supplier<Path>> named(FfmpegMedia media) {
    return Named.of(media.name(), media::path);
  }

  /**
   * One packet (sample).
   *
   * @param trackId the MP4 track ID of its stream
   * @param dts in the stream's time base
   * @param pos the absolute offset of its bytes
   */
  record Packet(int trackId, long dts, long duration, long pos, boolean keyframe) {}

  /** One stream: its MP4 track ID, whether video, and its time base denominator. */
  record Stream(int trackId, boolean video, long timescale) {}

  /** One file with its index and what FFmpeg's demuxer says, computed once per file. */
  record Case(byte[] bytes, SegmentIndex index, List<Stream> streams, List<Packet> packets,
      double demuxerMillis) {

    static Case of(byte[] bytes, SegmentIndex index, MediaCheck check) {
      List<Stream> streams = new ArrayList<>();
      for (StreamInfo s : check.streams()) {
        if (s.timeBaseNumerator() != 1) throw new AssertionError("time base " + s.timeBaseNumerator() + "/" + s.timeBaseDenominator());
        streams.add(new Stream(check.streamIds().get(s.index()), s.type() == MediaType.VIDEO, s.timeBaseDenominator()));
      }
      List<Packet> packets = check.packets().stream().map(p -> new Packet(check.streamIds().get(p.stream()), p.dts(),
          p.duration(), p.pos(), p.keyframe())).toList();
      return new Case(bytes, index, streams, packets, check.duration().orElseThrow().toNanos() / 1e6);
    }

    /** The reference track's packets, by the index of the segment whose bytes hold them. */
    Map<Integer, List<Packet>> referencePacketsBySegment() {
      Map<Integer, List<Packet>> bySegment = new LinkedHashMap<>();
      for (Packet p : packets) {
        if (p.trackId() != index.referenceTrackId()) continue;
        Segment s = index.segmentContaining(p.pos()).orElseThrow(() -> new AssertionError("no segment holds " + p));
        bySegment.computeIfAbsent(index.segments().indexOf(s), i -> new ArrayList<>()).add(p);
      }
      return bySegment;
    }
  }

  private static final Map<Path, Case> CASES = new ConcurrentHashMap<>();

  private static Case load(Supplier<Path> media) {
    return CASES.computeIfAbsent(media.get(), path -> {
      try {
        byte[] bytes = Files.readAllBytes(path);
        SegmentIndex index = SegmentIndexer.build(RandomAccessSource.of(bytes), bytes.length).orElseThrow();
        return Case.of(bytes, index, MediaCheck.of(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_segmentsStartAtEachMoofWithTheReferenceTrack(Supplier<Path> media) {
    Case c = load(media);
    List<NaiveBoxes.Box> moofs = NaiveBoxes.ofType(c.bytes(), "moof");
    List<Long> expected = moofs.stream()
        .filter(m -> m.trackIds().contains(c.index().referenceTrackId()))
        .map(NaiveBoxes.Box::offset).toList();
    assertEquals(expected, c.index().segments().stream().map(Segment::offset).toList());
    if (moofs.stream().allMatch(m -> m.trackIds().contains(c.index().referenceTrackId()))) {
      assertEquals(moofs.size(), c.index().segments().size());
    }
    assertEquals(moofs.get(0).offset(), c.index().init().end());
    assertFalse(c.index().isProvisional());
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_everyPacketLiesInASegmentListingItsTrack(Supplier<Path> media) {
    Case c = load(media);
    for (Packet p : c.packets()) {
      Segment s = c.index().segmentContaining(p.pos()).orElseThrow(() -> new AssertionError("no segment holds " + p));
      assertTrue(s.trackIds().contains(p.trackId()), () -> s + " lacks the track of " + p);
      assertEquals(s, c.index().segmentAtOrAfter(p.pos()).orElseThrow());
    }
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_segmentTimesMatchTheirPackets(Supplier<Path> media) {
    Case c = load(media);
    long timescale = c.index().trackTimescales().get(c.index().referenceTrackId());
    Map<Integer, List<Packet>> bySegment = c.referencePacketsBySegment();
    assertEquals(c.index().segments().size(), bySegment.size());
    bySegment.forEach((i, packets) -> {
      Segment s = c.index().segments().get(i);
      Packet first = packets.get(0);
      assertEquals(first.dts(), s.baseDecodeTime(), () -> "segment " + i);
      assertEquals(Math.floorDiv(first.dts() * 1000, timescale), s.startMillis(), 1.0, () -> "segment " + i);
      assertEquals(packets.size(), s.sampleCount(), () -> "segment " + i);
      assertEquals(packets.stream().mapToLong(Packet::duration).sum(), s.duration(), () -> "segment " + i);
      assertEquals(first.keyframe(), s.startsWithSync(), () -> "segment " + i);
    });
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_durationMatchesFfmpegWithinOneFrame(Supplier<Path> media) {
    Case c = load(media);
    assertEquals(c.demuxerMillis(), c.index().durationMillis(), 40.0);
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_timescalesAreTheStreamTimeBases(Supplier<Path> media) {
    Case c = load(media);
    Map<Integer, Long> expected = new LinkedHashMap<>();
    for (Stream s : c.streams()) expected.put(s.trackId(), s.timescale());
    assertEquals(expected, c.index().trackTimescales());
    int reference = c.streams().stream().filter(Stream::video).findFirst()
        .orElse(c.streams().get(0)).trackId();
    assertEquals(reference, c.index().referenceTrackId());
  }

  @ParameterizedTest
  @MethodSource("media")
  void fragmentedFile_segmentAtFindsTheSegmentOfEachReferencePacket(Supplier<Path> media) {
    Case c = load(media);
    long timescale = c.index().trackTimescales().get(c.index().referenceTrackId());
    for (Packet p : c.packets()) {
      if (p.trackId() != c.index().referenceTrackId()) continue;
      Segment holder = c.index().segmentContaining(p.pos()).orElseThrow();
      assertEquals(holder, c.index().segmentAt(p.dts() * 1000 / timescale).orElseThrow(), p::toString);
    }
    List<Segment> segments = c.index().segments();
    assertEquals(segments.get(segments.size() - 1), c.index().segmentAt(Long.MAX_VALUE).orElseThrow());
  }
}
