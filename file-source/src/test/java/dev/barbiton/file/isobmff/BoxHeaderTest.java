package dev.barbiton.file.isobmff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The one box reader: header forms, bounds, full boxes and walking children. */
class BoxHeaderTest {

  @Test
  void plainHeader_givesTypeSizeAndPayload() throws MalformedBoxException {
    BoxHeader box = parse(box("free", new byte[12]), 100, 1000);
    assertEquals(new BoxHeader("free", 100, 8, 20), box);
    assertEquals(108, box.payloadOffset());
    assertEquals(120, box.end());
    assertFalse(box.endUnknown());
  }

  @Test
  void largesize_isReadAsTheSizeWithASixteenByteHeader() throws MalformedBoxException {
    byte[] large = cat(u32(1), ascii("mdat"), u64(16 + 5_000_000_000L));
    BoxHeader box = parse(large, 0, Long.MAX_VALUE);
    assertEquals(new BoxHeader("mdat", 0, 16, 16 + 5_000_000_000L), box);
    assertEquals(16, box.payloadOffset());
  }

  @Test
  void largesizeWithTheTopBitSet_isMalformed() {
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> parse(cat(u32(1), ascii("mdat"), u64(-1)), 40, Long.MAX_VALUE));
    assertEquals("mdat at 40: largesize 18446744073709551615 too large", e.getMessage());
    assertFalse(e.truncated());
  }

  @Test
  void largesizeBelowItsOwnHeader_isMalformed() {
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> parse(cat(u32(1), ascii("moof"), u64(12)), 0, 100));
    assertEquals("moof at 0: size 12 < header size 16", e.getMessage());
  }

  @Test
  void sizeZeroAtTopLevel_runsToTheEndOfTheFile() throws MalformedBoxException {
    BoxHeader box = parse(cat(u32(0), ascii("mdat")), 500, 2000);
    assertEquals(new BoxHeader("mdat", 500, 8, 1500), box);
    assertEquals(2000, box.end());
  }

  @Test
  void sizeZeroAtTopLevelOfAFileOfUnknownLength_hasAnUnknownEnd() throws MalformedBoxException {
    BoxHeader box = parse(cat(u32(0), ascii("mdat")), 500, Long.MAX_VALUE);
    assertTrue(box.endUnknown());
    assertEquals(Long.MAX_VALUE, box.end());
    assertEquals(508, box.payloadOffset());
  }

  @Test
  void sizeZeroInsideAParent_runsToTheParentsEnd() throws MalformedBoxException {
    byte[] last = cat(u32(0), ascii("free"), new byte[6]);
    byte[] moov = box("moov", box("mvhd", new byte[4]), last);
    List<BoxHeader> children = children(moov, 0);
    assertEquals(List.of(new BoxHeader("mvhd", 8, 8, 12), new BoxHeader("free", 20, 8, 14)), children);
    assertEquals(moov.length, children.get(1).end());
  }

  @Test
  void childOverrunningItsParent_isMalformedNamingTheChildAndItsOffset() {
    byte[] trak = cat(u32(100), ascii("trak"), new byte[8]);
    byte[] moov = box("moov", trak);
    MalformedBoxException e = assertThrows(MalformedBoxException.class, () -> children(moov, 1000));
    assertEquals("trak", e.boxType());
    assertEquals(1008, e.offset());
    assertEquals("trak at 1008: size 100 runs past 1024, the end of the enclosing box or file", e.getMessage());
    assertFalse(e.truncated());
  }

  @Test
  void sizeBelowEight_isMalformed() {
    for (long size : new long[] {2, 7}) {
      MalformedBoxException e = assertThrows(MalformedBoxException.class,
          () -> parse(cat(u32(size), ascii("skip"), new byte[8]), 24, 100));
      assertEquals("skip at 24: size " + size + " < header size 8", e.getMessage());
      assertFalse(e.truncated());
    }
  }

  @Test
  void uuid_hasTheExtendedTypeInItsHeader() throws MalformedBoxException {
    BoxHeader box = parse(box("uuid", new byte[16], new byte[4]), 0, 100);
    assertEquals(new BoxHeader("uuid", 0, 24, 28), box);
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> parse(box("uuid", new byte[8]), 0, 100));
    assertEquals("uuid at 0: size 16 < header size 24", e.getMessage());
  }

  @Test
  void truncatedHeader_isReportedAsTruncated() {
    MalformedBoxException shortHeader = assertThrows(MalformedBoxException.class,
        () -> parse(Arrays.copyOf(box("moov", new byte[8]), 5), 64, 1000));
    assertEquals("box at 64: header needs 8 bytes, 5 left", shortHeader.getMessage());
    assertEquals("box", shortHeader.boxType());
    assertTrue(shortHeader.truncated());

    MalformedBoxException shortLargesize = assertThrows(MalformedBoxException.class,
        () -> parse(cat(u32(1), ascii("mdat"), new byte[4]), 0, 1000));
    assertEquals("mdat at 0: largesize needs 16 header bytes, 12 left", shortLargesize.getMessage());
    assertTrue(shortLargesize.truncated());

    MalformedBoxException shortUuid = assertThrows(MalformedBoxException.class,
        () -> parse(Arrays.copyOf(box("uuid", new byte[20]), 12), 0, 1000));
    assertEquals("uuid at 0: extended type needs 24 header bytes, 12 left", shortUuid.getMessage());
    assertTrue(shortUuid.truncated());
  }

  @Test
  void headerIsReadBigEndianWhateverTheBuffersOrder() throws MalformedBoxException {
    ByteBuffer buf = ByteBuffer.wrap(box("free", new byte[4])).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(new BoxHeader("free", 0, 8, 12), BoxHeader.parse(buf, 0, 0, 100));
  }

  @Test
  void unprintableType_isEscapedInTheMessage() {
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> parse(cat(u32(3), new byte[] {'a', 0, (byte) 0xff, '\\'}), 0, 100));
    assertEquals("a\\x00\\xff\\x5c at 0: size 3 < header size 8", e.getMessage());
  }

  @Test
  void fullBox_givesVersionAndFlags() throws MalformedBoxException {
    byte[] tfhd = box("tfhd", u32(0x01_020003L), u32(7));
    BoxHeader box = parse(tfhd, 0, 100);
    assertEquals(new BoxHeader.FullBox(1, 0x020003), box.fullBox(ByteBuffer.wrap(tfhd), 0));
  }

  @Test
  void fullBoxWithoutRoomForVersionAndFlags_isMalformed() throws MalformedBoxException {
    byte[] moov = box("moov", box("mvhd", new byte[2]));
    BoxHeader mvhd = children(moov, 0).get(0);
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> mvhd.fullBox(ByteBuffer.wrap(moov), 0));
    assertEquals("mvhd at 8: full box needs 4 bytes of version and flags, 2 in the box", e.getMessage());
    assertFalse(e.truncated());
  }

  @Test
  void fullBoxPastTheBytesAtHand_isTruncated() throws MalformedBoxException {
    byte[] stsd = box("stsd", u32(0), u32(1));
    BoxHeader box = parse(stsd, 0, 100);
    MalformedBoxException e = assertThrows(MalformedBoxException.class,
        () -> box.fullBox(ByteBuffer.wrap(stsd, 0, 10).slice(), 0));
    assertTrue(e.truncated());
  }

  @Test
  void iterator_walksSiblingsInTheirRangeAndStops() throws MalformedBoxException {
    byte[] file = cat(box("ftyp", new byte[8]), box("moov", box("trak", new byte[0])), box("mdat", new byte[3]));
    BoxIterator top = new BoxIterator(ByteBuffer.wrap(file), 0, 0, file.length);
    List<String> types = new ArrayList<>();
    BoxHeader moov = null;
    while (top.hasNext()) {
      BoxHeader box = top.next();
      types.add(box.type());
      if (box.type().equals("moov")) moov = box;
    }
    assertEquals(List.of("ftyp", "moov", "mdat"), types);
    assertThrows(NoSuchElementException.class, top::next);
    BoxIterator children = BoxIterator.children(ByteBuffer.wrap(file), 0, moov);
    assertEquals(new BoxHeader("trak", 24, 8, 8), children.next());
    assertFalse(children.hasNext());
  }

  @Test
  void iterator_skipsTheParentsOwnFields_andHasNoChildrenWhenTheyFillIt() throws MalformedBoxException {
    byte[] stsd = box("stsd", u32(0), u32(1), box("avc1", new byte[4]));
    BoxHeader box = parse(stsd, 0, stsd.length);
    BoxIterator entries = BoxIterator.children(ByteBuffer.wrap(stsd), 0, box, 8);
    assertEquals(new BoxHeader("avc1", 16, 8, 12), entries.next());
    assertFalse(entries.hasNext());
    assertFalse(BoxIterator.children(ByteBuffer.wrap(stsd), 0, box, 1000).hasNext());
  }

  @Test
  void iterator_reportsAHeaderPastTheBytesAtHandAsTruncated() {
    byte[] file = box("moov", box("trak", new byte[100]));
    ByteBuffer window = ByteBuffer.wrap(file, 0, 12).slice();
    BoxIterator top = new BoxIterator(window, 0, 0, Long.MAX_VALUE);
    MalformedBoxException e = assertThrows(MalformedBoxException.class, () -> {
      BoxHeader moov = top.next();
      BoxIterator.children(window, 0, moov).next();
    });
    assertEquals("box at 8: header needs 8 bytes, 4 left", e.getMessage());
    assertTrue(e.truncated());
  }

  @Test
  void firstBoxes_holdWhatAFileOrSegmentMayStartWith() {
    for (String type : List.of("ftyp", "pdin", "uuid", "free", "skip", "wide", "styp", "sidx", "moov", "moof", "mdat")) {
      assertTrue(BoxHeader.FIRST_BOXES.contains(type), type);
    }
    for (String type : List.of("trak", "mvhd", "stsd", "mdia", "FTYP")) {
      assertFalse(BoxHeader.FIRST_BOXES.contains(type), type);
    }
  }

  // ---- helpers ----

  /** The header of {@code bytes}, whose first byte is at absolute offset {@code offset}. */
  private static BoxHeader parse(byte[] bytes, long offset, long parentEnd) throws MalformedBoxException {
    return BoxHeader.parse(ByteBuffer.wrap(bytes), 0, offset, parentEnd);
  }

  /** The children of the box that {@code bytes} hold, that box at absolute offset {@code offset}. */
  private static List<BoxHeader> children(byte[] bytes, long offset) throws MalformedBoxException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    BoxHeader parent = BoxHeader.parse(buf, 0, offset, offset + bytes.length);
    List<BoxHeader> children = new ArrayList<>();
    for (BoxIterator it = BoxIterator.children(buf, offset, parent); it.hasNext(); ) children.add(it.next());
    return children;
  }

  private static byte[] box(String type, byte[]... payload) {
    byte[] body = cat(payload);
    return cat(u32(8 + body.length), ascii(type), body);
  }

  private static byte[] u32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }

  private static byte[] u64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
