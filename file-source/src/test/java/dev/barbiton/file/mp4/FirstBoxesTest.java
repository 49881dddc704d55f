package dev.barbiton.file.mp4;

import static dev.barbiton.file.mp4.Mp4Bytes.box;
import static dev.barbiton.file.mp4.Mp4Bytes.cat;
import static dev.barbiton.file.mp4.Mp4Bytes.ftyp;
import static dev.barbiton.file.mp4.Mp4Bytes.mdat;
import static dev.barbiton.file.mp4.Mp4Bytes.sidx;
import static dev.barbiton.file.mp4.Mp4Bytes.type;
import static dev.barbiton.file.mp4.Mp4Bytes.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaSniffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sniffer, both segment indexers and the tail index take the same first boxes for ISO BMFF:
 * those of {@link BoxHeader#FIRST_BOXES}, and no others.
 */
@Timeout(30)
class FirstBoxesTest {
  /** Types a file does not start with, and one that differs from ftyp only in case. */
  private static final List<String> OTHERS = List.of("trak", "mvhd", "mdia", "stsd", "abcd", "FTYP");

  @Test
  void theListHoldsTheBoxesAFileOrSegmentMayStartWith() {
    assertTrue(BoxHeader.FIRST_BOXES.containsAll(
        List.of("ftyp", "pdin", "uuid", "free", "skip", "wide", "styp", "sidx", "moov", "moof", "mdat")));
  }

  @Test
  void snifferAndSegmentIndexers_acceptTheSameFirstBoxes() throws IOException {
    Set<String> sniffed = new TreeSet<>();
    Set<String> indexed = new TreeSet<>();
    Set<String> indexedFromSidx = new TreeSet<>();
    for (String first : candidates()) {
      byte[] file = startingWith(first, false);
      if (MediaSniffer.sniff(ByteBuffer.wrap(file)).container() == Container.MP4) sniffed.add(first);
      if (indexerAccepts(() -> SegmentIndexer.build(RandomAccessSource.of(file), file.length))) indexed.add(first);
      byte[] withSidx = startingWith(first, true);
      if (indexerAccepts(() -> SegmentIndexer.fromSidx(RandomAccessSource.of(withSidx), withSidx.length))) {
        indexedFromSidx.add(first);
      }
    }
    Set<String> expected = new TreeSet<>(BoxHeader.FIRST_BOXES);
    assertEquals(expected, sniffed, "sniffer");
    assertEquals(expected, indexed, "SegmentIndexer.build");
    // A moof or mdat first is media: no sidx can lead the file, so fromSidx is empty either way.
    expected.removeAll(Set.of("moof", "mdat"));
    assertEquals(expected, indexedFromSidx, "SegmentIndexer.fromSidx");
  }

  @Test
  void tailIndex_looksPastTheSameHeadBoxes() {
    for (String first : candidates()) {
      byte[] head = first.equals("moov") ? moov() : firstBox(first);
      byte[] mdat = mdat(4000);
      byte[] file = cat(head, mdat, moov());
      Optional<OptionalLong> tail = MediaSniffer.indexAtEnd(ByteBuffer.wrap(file), file.length);
      // Only boxes that may precede an mdat leave the index to the end; moov, moof, sidx or mdat
      // first say where the index is (or is not) already.
      boolean expected = BoxHeader.FIRST_BOXES.contains(first)
          && !Set.of("moov", "moof", "sidx", "mdat").contains(first);
      OptionalLong want = expected ? OptionalLong.of(head.length + mdat.length) : OptionalLong.empty();
      assertEquals(Optional.of(want), tail, first);
    }
  }

  private static List<String> candidates() {
    Set<String> all = new TreeSet<>(BoxHeader.FIRST_BOXES);
    all.addAll(OTHERS);
    return List.copyOf(all);
  }

  /**
   * A fragmented file (moov, moof, mdat) that starts with a box of type {@code first}: the moov
   * itself, a moof before it, or a box of that type before it; with a sidx after the moov if asked.
   */
  private static byte[] startingWith(String first, boolean withSidx) {
    byte[] fragment = SyntheticFilesTest.fragment(1, 0, 0);
    byte[] index = withSidx ? sidx(1, 1000, 0, 0, new long[] {0, fragment.length, 1000, 1}) : new byte[0];
    byte[] head = first.equals("moov") ? new byte[0] : first.equals("moof") ? fragment : firstBox(first);
    return cat(head, moov(), index, fragment);
  }

  /** A box of type {@code type} with a payload that makes sense for it, or 16 zero bytes. */
  private static byte[] firstBox(String type) {
    switch (type) {
      case "ftyp":
        return ftyp();
      case "styp":
        return box("styp", type("msdh"), u32(0), type("msdh"));
      default:
        return box(type, new byte[16]); // for uuid: the extended type
    }
  }

  /** The moov of {@link SyntheticFilesTest#init()}, without its ftyp. */
  private static byte[] moov() {
    byte[] init = SyntheticFilesTest.init();
    return Arrays.copyOfRange(init, ftyp().length, init.length);
  }

  /** True if the indexer went past the first-box check: an index, or a failure about a later box. */
  private static boolean indexerAccepts(SegmentIndexer.Step<Optional<SegmentIndex>> index) throws IOException {
    try {
      return index.run().isPresent();
    } catch (Mp4ParseException e) {
      return true;
    }
  }
}
