package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static List<Span> spans(String header, long length) {
    return ByteRange.parse(header).resolve(length);
  }

  private static List<Span> of(long... bounds) {
    Span[] spans = new Span[bounds.length / 2];
    for (int i = 0; i < spans.length; i++) spans[i] = new Span(bounds[2 * i], bounds[2 * i + 1]);
    return List.of(spans);
  }

  @Test
  void singleRanges_resolveAgainstTheLength() {
    assertEquals(of(0, 100), spans(null, 100));
    assertEquals(of(10, 20), spans("bytes=10-19", 100));
    assertEquals(of(10, 100), spans("bytes=10-", 100));
    assertEquals(of(10, 100), spans("bytes=10-1000", 100), "last clamped");
    assertEquals(of(70, 100), spans("bytes=-30", 100));
    assertEquals(of(0, 100), spans("bytes=-300", 100), "a suffix longer than the file is all of it");
    assertEquals(of(99, 100), spans("bytes=99-99", 100));
    assertEquals(of(5, 6), spans(" Bytes = 5 - 5 ", 100), "unit case and white space");
    assertEquals(of(5, 6), spans("bytes=5-5,", 100), "an empty list element does not count");
    assertEquals(of(7, 8), spans("bytes=007-0007", 100));
  }

  @Test
  void unsatisfiableRanges_resolveToNothing() {
    assertEquals(List.of(), spans("bytes=100-", 100));
    assertEquals(List.of(), spans("bytes=100-200", 100));
    assertEquals(List.of(), spans("bytes=-0", 100));
    assertEquals(List.of(), spans("bytes=0-", 0));
    assertEquals(List.of(), spans("bytes=-5", 0));
    assertEquals(List.of(), spans("bytes=99999999999999999999999-", 100), "more digits than a long: past any file");
    assertEquals(List.of(), spans("bytes=100-110,200-", 100));
  }

  @Test
  void severalRanges_keepTheirOrder_withoutTheUnsatisfiable() {
    assertEquals(of(0, 2, 3, 5), spans("bytes=0-1,3-4", 100));
    assertEquals(of(50, 60, 0, 10), spans("bytes=50-59,0-9", 100), "the order asked");
    assertEquals(of(0, 2, 90, 100), spans("bytes=0-1,,-10", 100), "a suffix among them");
    assertEquals(of(0, 2), spans("bytes=0-1,200-300", 100), "one satisfiable left: a single range");
  }

  @Test
  void overlappingOrAdjacentRanges_areCoalesced_inAscendingOrder() {
    assertEquals(of(0, 20), spans("bytes=0-9,10-19", 100), "adjacent");
    assertEquals(of(0, 100), spans("bytes=0-,0-,0-,0-", 100), "the same file many times over is once");
    assertEquals(of(0, 30, 50, 60), spans("bytes=50-59,20-29,0-24", 100), "overlaps: sorted and merged");
    assertEquals(of(80, 100), spans("bytes=-20,90-", 100));
  }

  @Test
  void invalidRanges_orTooMany_areTheWholeFile() {
    for (String header : new String[] {"", "bytes", "bytes=", "bytes=-", "bytes=5-3", "bytes=a-b", "bytes=1-2-3",
        "bytes=+1-2", "bytes=0x10-", "items=0-5", "bytes=1-2,x", "bytes=1-2,5-3"}) {
      assertTrue(ByteRange.parse(header).isWhole(), header);
    }
    StringBuilder many = new StringBuilder("bytes=0-0");
    for (int i = 1; i < ByteRange.MAX_RANGES; i++) many.append(',').append(2 * i).append('-').append(2 * i);
    assertEquals(ByteRange.MAX_RANGES, spans(many.toString(), 1000).size());
    assertTrue(ByteRange.parse(many + ",500-500").isWhole(), "one past the bound");
  }
}
