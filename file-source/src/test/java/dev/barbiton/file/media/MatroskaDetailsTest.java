package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.ascii;
import static dev.barbiton.file.media.SniffFixtures.bytes;
import static dev.barbiton.file.media.SniffFixtures.cat;
import static dev.barbiton.file.media.SniffFixtures.ebml;
import static dev.barbiton.file.media.SniffFixtures.ebmlHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Matroska's own descriptions of a track (RFC 9559), built by hand: the Colour element with its
 * MasteringMetadata, MaxCLL and MaxFALL, a Dolby Vision BlockAdditionMapping, a 64-bit TrackUID
 * that Tags target, Cues, and a SeekHead that points at Tags past the bytes at hand.
 */
class MatroskaDetailsTest {

  private static byte[] f64(double value) {
    return ByteBuffer.allocate(8).putDouble(value).array();
  }

  private static final byte[] UID = bytes(0x9A, 1, 2, 3, 4, 5, 6, 7); // top bit set: negative as a long

  private static byte[] av1Track() {
    byte[] mastering = ebml(0x55D0, ebml(0x55D1, f64(0.680)), ebml(0x55D2, f64(0.320)), ebml(0x55D3, f64(0.265)),
        ebml(0x55D4, f64(0.690)), ebml(0x55D5, f64(0.150)), ebml(0x55D6, f64(0.060)), ebml(0x55D7, f64(0.3127)),
        ebml(0x55D8, f64(0.3290)), ebml(0x55D9, f64(1000.0)), ebml(0x55DA, f64(0.005)));
    byte[] colour = ebml(0x55B0, ebml(0x55B1, bytes(9)), ebml(0x55B9, bytes(1)), ebml(0x55BA, bytes(16)),
        ebml(0x55BB, bytes(9)), ebml(0x55BC, bytes(0x03, 0xE8)), ebml(0x55BD, bytes(0x01, 0x90)), mastering);
    byte[] video = ebml(0xE0, ebml(0xB0, bytes(0x0F, 0x00)), ebml(0xBA, bytes(0x08, 0x70)), colour);
    byte[] mapping = ebml(0x41E4, ebml(0x41E7, ascii("dvvC")), ebml(0x41ED, HandBuilt.dvcC()));
    return ebml(0xAE, ebml(0xD7, bytes(1)), ebml(0x73C5, UID), ebml(0x83, bytes(1)), ebml(0x86, ascii("V_AV1")),
        ebml(0x63A2, HandBuilt.av1C()), ebml(0x23E383, bytes(0x02, 0x7C, 0x6B, 0x2D)), video, mapping);
  }

  private static byte[] tags() {
    byte[] simple = ebml(0x67C8, ebml(0x45A3, ascii("DURATION")), ebml(0x4487, ascii("00:00:02.500000000")));
    byte[] bps = ebml(0x67C8, ebml(0x45A3, ascii("BPS")), ebml(0x4487, ascii("2500000")));
    return ebml(0x1254C367, ebml(0x7373, ebml(0x63C0, ebml(0x63C5, UID)), simple, bps));
  }

  private static byte[] cues() {
    byte[] point = ebml(0xBB, ebml(0xB3, bytes(0)), ebml(0xB7, ebml(0xF7, bytes(1)), ebml(0xF1, bytes(0))));
    return ebml(0x1C53BB6B, point, point, point, point, point);
  }

  /** EBML header, a Segment of known size: SeekHead (Tags at {@code tagsAt} in the Segment), Info, Tracks, filler, Cues, Tags. */
  private static byte[] file(int filler) {
    byte[] info = ebml(0x1549A966, ebml(0x2AD7B1, bytes(0x0F, 0x42, 0x40)), ebml(0x4489, f64(2500.0)));
    byte[] tracks = ebml(0x1654AE6B, av1Track());
    byte[] cluster = large(0x1F43B675, cat(ebml(0xE7, bytes(0)), large(0xEC, new byte[filler])));
    byte[] cues = cues();
    // SeekHead first with placeholder positions of fixed width, then filled in.
    int seekHeadSize = ebml(0x114D9B74, seek(0x1C53BB6BL, 0), seek(0x1254C367L, 0)).length;
    int cuesAt = seekHeadSize + info.length + tracks.length + cluster.length;
    int tagsAt = cuesAt + cues.length;
    byte[] seekHead = ebml(0x114D9B74, seek(0x1C53BB6BL, cuesAt), seek(0x1254C367L, tagsAt));
    byte[] body = cat(seekHead, info, tracks, cluster, cues, tags());
    byte[] size = bytes(0x01, 0, 0, 0, body.length >>> 24, body.length >>> 16, body.length >>> 8, body.length);
    return cat(ebmlHeader("webm"), bytes(0x18, 0x53, 0x80, 0x67), size, body);
  }

  /** An element with a four-byte size, for data past the fixtures' two-byte sizes. */
  private static byte[] large(long id, byte[] data) {
    byte[] head = id > 0xFFFFFF ? bytes((int) (id >>> 24), (int) (id >>> 16), (int) (id >>> 8), (int) id) : bytes((int) id);
    return cat(head, bytes(0x10 | data.length >>> 24, data.length >>> 16, data.length >>> 8, data.length), data);
  }

  private static byte[] seek(long id, int position) {
    return ebml(0x4DBB, ebml(0x53AB, bytes((int) (id >>> 24), (int) (id >>> 16), (int) (id >>> 8), (int) id)),
        ebml(0x53AC, bytes(position >>> 24, position >>> 16, position >>> 8, position)));
  }

  @Test
  void colourMasteringDolbyVisionTagsAndCues_allRead() {
    MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(file(100)), true);
    TrackDetails t = info.tracks().get(0);
    assertEquals("av01.0.08M.10.0.110.09.16.09.0", t.codec());
    VideoFormat v = t.video().orElseThrow();
    assertEquals(List.of(3840, 2160), List.of(v.width(), v.height()));
    assertEquals(OptionalInt.of(10), v.bitDepth());
    assertEquals(Optional.of(new ColourInfo(9, 16, 9, false)), v.colour());
    // Floats to the SEI's units: x 50000 for chromaticity, x 10000 for cd/m².
    assertEquals(Optional.of(new MasteringDisplay(34000, 16000, 13250, 34500, 7500, 3000, 15635, 16450, 10_000_000, 50)),
        v.masteringDisplay());
    assertEquals(Optional.of(new ContentLightLevel(1000, 400)), v.contentLightLevel());
    assertEquals("dav1.08.06", v.dolbyVision().orElseThrow().codec(), "Dolby Vision over an AV1 base layer");
    assertEquals(Optional.of(Duration.ofMillis(2500)), t.duration(), "the tag aimed at a 64-bit TrackUID");
    assertEquals(2_500_000, t.bitrate().getAsLong());
    assertEquals(Duration.ofMillis(500), t.keyframeInterval().orElseThrow(), "five cue points of the track");
    assertEquals(24000 / 1001.0, t.frameRate().getAsDouble(), 1e-6, "DefaultDuration 41708333 ns");
  }

  @Test
  void cuesAndTagsPastTheHead_areAskedForWhereTheSeekHeadPoints() {
    byte[] file = file(200_000); // a cluster larger than the head
    MediaProbe probe = new MediaProbe(java.util.OptionalLong.of(file.length));
    List<MediaProbe.Range> asked = new java.util.ArrayList<>();
    for (Optional<MediaProbe.Range> r; (r = probe.next()).isPresent(); ) {
      asked.add(r.get());
      probe.supply(ByteBuffer.wrap(file, (int) r.get().offset(), (int) r.get().length()).slice());
      if (asked.size() == 1) {
        assertTrue(probe.info().hasTrackDetails(), "the tracks from the head already");
        assertFalse(probe.isComplete());
      }
    }
    assertEquals(0, asked.get(0).offset());
    assertEquals(5, asked.size(), "head, Cues header and element, Tags header and element: " + asked);
    assertTrue(asked.get(1).offset() > MediaProbe.HEAD_BYTES);
    assertTrue(probe.isComplete());
    assertEquals(Optional.of(Duration.ofMillis(2500)), probe.info().tracks().get(0).duration());
  }
}
