package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static long[] span(String header, long length) {
    return ByteRange.parse(header).resolve(length);
  }

  @Test
  void singleRanges_resolveAgainstTheLength() {
    assertArrayEquals(new long[] {0, 100}, span(null, 100));
    assertArrayEquals(new long[] {10, 20}, span("bytes=10-19", 100));
    assertArrayEquals(new long[] {10, 100}, span("bytes=10-", 100));
    assertArrayEquals(new long[] {10, 100}, span("bytes=10-1000", 100), "last clamped");
    assertArrayEquals(new long[] {70, 100}, span("bytes=-30", 100));
    assertArrayEquals(new long[] {0, 100}, span("bytes=-300", 100), "a suffix longer than the file is all of it");
    assertArrayEquals(new long[] {99, 100}, span("bytes=99-99", 100));
    assertArrayEquals(new long[] {5, 6}, span(" Bytes = 5 - 5 ", 100), "unit case and white space");
    assertArrayEquals(new long[] {5, 6}, span("bytes=5-5,", 100), "an empty list element does not count");
    assertArrayEquals(new long[] {7, 8}, span("bytes=007-0007", 100));
  }

  @Test
  void unsatisfiableRanges_resolveToNothing() {
    assertNull(span("bytes=100-", 100));
    assertNull(span("bytes=100-200", 100));
    assertNull(span("bytes=-0", 100));
    assertNull(span("bytes=0-", 0));
    assertNull(span("bytes=-5", 0));
    assertNull(span("bytes=99999999999999999999999-", 100), "more digits than a long: past any file");
  }

  @Test
  void invalidOrSeveralRanges_areTheWholeFile() {
    for (String header : new String[] {"", "bytes", "bytes=", "bytes=-", "bytes=5-3", "bytes=a-b", "bytes=1-2-3",
        "bytes=+1-2", "bytes=0x10-", "items=0-5", "bytes=0-1,3-4", "bytes=0-1,,3-4", "bytes=-1,-2", "bytes=1-2,x"}) {
      assertEquals(ByteRange.Kind.WHOLE, ByteRange.parse(header).kind(), header);
    }
  }
}
