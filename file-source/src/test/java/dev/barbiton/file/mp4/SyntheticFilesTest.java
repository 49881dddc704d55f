package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import static dev.barbiton.file.mp4.Mp4Bytes.box;
import static dev.barbiton.file.mp4.Mp4Bytes.cat;
import static dev.barbiton.file.mp4.Mp4Bytes.ftyp;
import static dev.barbiton.file.mp4.Mp4Bytes.fullBox;
import static dev.barbiton.file.mp4.Mp4Bytes.largeBox;
import static dev.barbiton.file.mp4.Mp4Bytes.mdat;
import static dev.barbiton.file.mp4.Mp4Bytes.moof;
import static dev.barbiton.file.mp4.Mp4Bytes.moov;
import static dev.barbiton.file.mp4.Mp4Bytes.tfdt;
import static dev.barbiton.file.mp4.Mp4Bytes.tfhd;
import static dev.barbiton.file.mp4.Mp4Bytes.trak;
import static dev.barbiton.file.mp4.Mp4Bytes.trex;
import static dev.barbiton.file.mp4.Mp4Bytes.trun;
import static dev.barbiton.file.mp4.Mp4Bytes.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-made layouts: box header forms, defaults, inferred times, and malformed fragments. */
@Timeout(30)
class SyntheticFilesTest {
  private static final long NON_SYNC = 0x10000;
  private static final long SYNC_FLAGS = 0x2000000;

  /** Video track 1 at 1 kHz (trex: 40 ms, non-sync), audio track 2 at 48 kHz (trex: 1024). */
  static byte[] init() {
    return cat(ftyp(), moov(trak(1, 1000, "vide"), trak(2, 48000, "soun"),
        box("mvex", trex(1, 40, NON_SYNC), trex(2, 1024, 0))));
  }

  /** A moof (25 video samples, the first a sync sample; 47 audio samples) and a 100-byte mdat. */
  static byte[] fragment(int sequence, long videoTime, long audioTime) {
    return cat(moof(sequence,
            box("traf", tfhd(0, 1), tfdt(videoTime), trun(0x4, 25, SYNC_FLAGS)),
            box("traf", tfhd(0, 2), tfdt(audioTime), trun(0, 47))),
        mdat(100));
  }

  static Optional<SegmentIndex> build(byte[] file) throws IOException {
    return SegmentIndexer.build(RandomAccessSource.of(file), file.length);
  }

  @Test
  void trexDefaults_giveDurationsAndSyncFlags() throws IOException {
    byte[] init = init();
    byte[] first = fragment(1, 0, 0);
    SegmentIndex index = build(cat(init, first, fragment(2, 1000, 47 * 1024))).orElseThrow();
    assertEquals(List.of(
            new Segment(init.length, first.length, List.of(1, 2), 0, 1000, 0, 1000, 25, true),
            new Segment(init.length + first.length, first.length, List.of(1, 2), 1000, 1000, 1000, 1000, 25, true)),
        index.segments());
    assertEquals(2000, index.durationMillis());
    assertEquals(1, index.referenceTrackId());
  }

  @Test
  void tfhdDefaultsAndPerSampleValues_overrideTrex() throws IOException {
    byte[] moof = moof(1, box("traf", tfhd(0x28, 1, 50, 0), tfdt(0),
        trun(0x500, 3, 10, NON_SYNC, 20, 0, 30, 0), trun(0, 2)));
    SegmentIndex index = build(cat(init(), moof, mdat(10))).orElseThrow();
    Segment s = index.segments().get(0);
    assertEquals(10 + 20 + 30 + 2 * 50, s.duration());
    assertEquals(5, s.sampleCount());
    assertFalse(s.startsWithSync());
  }

  @Test
  void fragmentsWithoutTfdt_continueFromThePreviousEnd() throws IOException {
    byte[] noTfdt = cat(moof(2, box("traf", tfhd(0, 1), trun(0, 10))), mdat(4));
    SegmentIndex index = build(cat(init(), fragment(1, 5000, 0), noTfdt, noTfdt)).orElseThrow();
    assertEquals(List.of(5000L, 6000L, 6400L),
        index.segments().stream().map(Segment::baseDecodeTime).toList());
    assertFalse(index.segments().get(1).startsWithSync());
    // Times are absolute: the first segment starts at 5 s, and earlier times map to it.
    assertEquals(5000, index.segments().get(0).startMillis());
    assertEquals(index.segments().get(0), index.segmentAt(0).orElseThrow());
  }

  @Test
  void largesizeUuidAndSizeZeroBoxes_areWalked() throws IOException {
    byte[] uuid = cat(u32(8 + 16 + 4), Mp4Bytes.type("uuid"), new byte[16], u32(7));
    byte[] moof = largeBox("moof", fullBox("mfhd", 0, 0, u32(1)),
        box("traf", tfhd(0, 1), tfdt(0), trun(0, 4)));
    byte[] lastMdat = cat(u32(0), Mp4Bytes.type("mdat"), new byte[50]);
    byte[] init = cat(init(), uuid);
    SegmentIndex index = build(cat(init, moof, largeBox("mdat", new byte[9]), moof, lastMdat)).orElseThrow();
    assertEquals(2, index.segments().size());
    assertEquals(init.length, index.segments().get(0).offset());
    assertEquals(moof.length + 16 + 9, index.segments().get(0).size());
    assertEquals(moof.length + lastMdat.length, index.segments().get(1).size());
  }

  @Test
  void moofsWithoutTheReferenceTrack_joinTheSegmentBeforeThem() throws IOException {
    byte[] audio = cat(moof(1, box("traf", tfhd(0, 2), tfdt(0), trun(0, 47))), mdat(10));
    byte[] video = cat(moof(2, box("traf", tfhd(0, 1), tfdt(0), trun(0x4, 25, SYNC_FLAGS))), mdat(10));
    byte[] init = init();
    SegmentIndex index = build(cat(init, audio, video, audio, video, audio)).orElseThrow();
    int pair = audio.length + video.length;
    assertEquals(List.of(
            new Segment(init.length, pair + audio.length, List.of(2, 1), 0, 1000, 0, 1000, 25, true),
            new Segment(init.length + pair + audio.length, pair, List.of(1, 2), 0, 1000, 0, 1000, 25, true)),
        index.segments());
  }

  @Test
  void trailingStrayBytes_areIgnored() throws IOException {
    assertEquals(1, build(cat(init(), fragment(1, 0, 0), new byte[7])).orElseThrow().segments().size());
  }

  @Test
  void mvexWithoutFragments_isEmpty() throws IOException {
    assertEquals(Optional.empty(), build(init()));
  }

  @Test
  void moofWithoutMoovBeforeIt_throws() {
    byte[] fragment = fragment(1, 0, 0);
    Mp4ParseException e = assertThrows(Mp4ParseException.class,
        () -> build(cat(ftyp(), fragment, init())));
    assertEquals("moof", e.boxType());
    assertEquals(ftyp().length, e.offset());
  }

  @Test
  void trunWithMoreSamplesThanBytes_throwsNamingTrunAndItsOffset() {
    byte[] init = init();
    byte[] trun = trun(0x100, 1_000_000, 40, 40);
    byte[] moofStart = cat(u32(0), Mp4Bytes.type("moof"), fullBox("mfhd", 0, 0, u32(1)));
    byte[] tfhd = tfhd(0, 1);
    byte[] file = cat(init, moof(1, box("traf", tfhd, trun)), mdat(10));
    Mp4ParseException e = assertThrows(Mp4ParseException.class, () -> build(file));
    assertEquals("trun", e.boxType());
    assertEquals(init.length + moofStart.length + 8 + tfhd.length, e.offset());
    assertTrue(e.getMessage().startsWith("trun at " + e.offset() + ": sample_count 1000000 needs 4000000 bytes"),
        e.getMessage());
  }

  @Test
  void trafOfATrackNotInMoov_throws() {
    byte[] file = cat(init(), moof(1, box("traf", tfhd(0, 9), trun(0, 1))), mdat(1));
    assertEquals("tfhd", assertThrows(Mp4ParseException.class, () -> build(file)).boxType());
  }

  @Test
  void samplesWithoutAnyDuration_throw() {
    byte[] init = cat(ftyp(), moov(trak(1, 1000, "vide"), box("mvex")));
    byte[] file = cat(init, moof(1, box("traf", tfhd(0, 1), trun(0, 3))), mdat(1));
    Mp4ParseException e = assertThrows(Mp4ParseException.class, () -> build(file));
    assertTrue(e.getMessage().contains("no sample duration"), e.getMessage());
  }

  @Test
  void durationOverflow_throws() {
    byte[] file = cat(init(), moof(1, box("traf", tfhd(0x8, 1, 0xffffffffL), trun(0, 0xffffffffL),
        trun(0, 0xffffffffL))), mdat(1));
    assertThrows(Mp4ParseException.class, () -> build(file));
  }

  @Test
  void referenceTimeGoingBack_throws() {
    byte[] file = cat(init(), fragment(1, 5000, 0), fragment(2, 1000, 0));
    Mp4ParseException e = assertThrows(Mp4ParseException.class, () -> build(file));
    assertTrue(e.getMessage().contains("back in time"), e.getMessage());
  }

  @Test
  void lastMdatCutShort_throws() {
    byte[] whole = cat(init(), fragment(1, 0, 0));
    byte[] cut = Arrays.copyOf(whole, whole.length - 20);
    Mp4ParseException e = assertThrows(Mp4ParseException.class, () -> build(cut));
    assertEquals("mdat", e.boxType());
  }

  @Test
  void sourceEndingInsideAMoofBeforeTheGivenLength_throws() {
    byte[] init = init();
    byte[] file = cat(init, fragment(1, 0, 0));
    Mp4ParseException e = assertThrows(Mp4ParseException.class,
        () -> SegmentIndexer.build(RandomAccessSource.of(Arrays.copyOf(file, init.length + 30)), file.length));
    assertEquals(file.length - mdat(100).length, e.offset(), e.getMessage()); // the mdat's header
    assertEquals("box at " + e.offset() + ": source ended after 0 header bytes", e.getMessage());
  }

  @Test
  void moofLargerThanTheLimit_throwsWithoutReadingIt() {
    byte[] init = init();
    byte[] file = cat(init, box("moof", new byte[SegmentIndexer.MAX_BOX_SIZE]), mdat(1));
    long[] read = new long[1];
    RandomAccessSource all = RandomAccessSource.of(file);
    RandomAccessSource counting = new RandomAccessSource() {
      @Override
      public int read(long position, java.nio.ByteBuffer dst) throws java.io.IOException {
        int n = all.read(position, dst);
        read[0] += Math.max(0, n);
        return n;
      }

      @Override
      public java.util.OptionalLong length() {
        return all.length();
      }
    };
    Mp4ParseException e = assertThrows(Mp4ParseException.class,
        () -> SegmentIndexer.build(counting, file.length));
    assertEquals("moof", e.boxType());
    assertTrue(read[0] < 64 * 1024, "read " + read[0] + " bytes");
  }

  @Test
  void negativeLength_isAnArgumentError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SegmentIndexer.build(RandomAccessSource.of(new byte[0]), -1));
    assertEquals("length < 0: -1", e.getMessage());
  }
}
