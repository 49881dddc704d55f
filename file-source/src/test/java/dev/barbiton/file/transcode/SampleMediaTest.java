package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.isobmff.BoxHeader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sample layout has the boxes its name promises, and decodes to every frame. */
class SampleMediaTest {
  @TempDir Path dir;

  @Test
  void moovFirstAndLast() throws Exception {
    Path first = SampleMedia.mp4(3, true).cachedIn(dir);
    Path last = SampleMedia.mp4(3, false).cachedIn(dir);
    List<String> firstBoxes = topLevel(Files.readAllBytes(first));
    List<String> lastBoxes = topLevel(Files.readAllBytes(last));
    assertTrue(firstBoxes.indexOf("moov") < firstBoxes.indexOf("mdat"), firstBoxes.toString());
    assertTrue(lastBoxes.indexOf("moov") > lastBoxes.indexOf("mdat"), lastBoxes.toString());
    assertEquals(75, MediaCheck.of(first).videoFrames());
    assertEquals(75, MediaCheck.of(last).videoFrames());
    assertEquals("h264-aac-3s-320x240-moov-first.mp4", first.getFileName().toString());
  }

  @Test
  void fragmentedWithAndWithoutSidx() throws Exception {
    List<String> withSidx = topLevel(Files.readAllBytes(SampleMedia.fragmented(4, 1.0, true, true).cachedIn(dir)));
    List<String> plain = topLevel(Files.readAllBytes(SampleMedia.fragmented(4, 1.0, false, false).cachedIn(dir)));
    assertEquals(List.of("ftyp", "moov", "sidx"), withSidx.subList(0, 3));
    assertEquals(4, withSidx.stream().filter("moof"::equals).count());
    assertFalse(plain.contains("sidx"));
    assertEquals(4, plain.stream().filter("moof"::equals).count());
  }

  @Test
  void aCachedFileIsMadeOnce() throws Exception {
    Path made = SampleMedia.matroska(1).cachedIn(dir);
    long modified = Files.getLastModifiedTime(made).toMillis();
    assertEquals(made, SampleMedia.matroska(1).cachedIn(dir));
    assertEquals(modified, Files.getLastModifiedTime(made).toMillis());
    assertEquals(25, MediaCheck.of(made).videoFrames());
    assertEquals("vp9", MediaCheck.of(SampleMedia.webm(1).cachedIn(dir)).video().orElseThrow().codecName());
  }

  private static List<String> topLevel(byte[] file) throws Exception {
    List<String> types = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(file);
    for (long offset = 0; offset < file.length; ) {
      BoxHeader box = BoxHeader.parse(buffer, (int) offset, offset, file.length);
      types.add(box.type());
      offset = box.end();
    }
    return types;
  }
}
