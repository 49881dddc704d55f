package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {
  @Test
  void checkValue_isTheStandardOne_onBothImplementations() {
    ByteBuffer digits = ByteBuffer.wrap("123456789".getBytes(StandardCharsets.US_ASCII));
    for (Crc32c crc : new Crc32c[] {Crc32c.create(), Crc32c.portable()}) {
      crc.update(digits.duplicate());
      assertEquals(0xE3069283, crc.value());
    }
  }

  @Test
  void portable_equalsThePlatformsCrc32c_anyLengthOffsetAndSplit_heapAndDirect() {
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(3000)];
      random.nextBytes(bytes);
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + (bytes.length == from ? 0 : random.nextInt(bytes.length - from));
      int split = from + (to == from ? 0 : random.nextInt(to - from));
      CRC32C expected = new CRC32C();
      expected.update(bytes, from, to - from);
      ByteBuffer buffer = random.nextBoolean() ? ByteBuffer.wrap(bytes) : ByteBuffer.allocateDirect(bytes.length).put(bytes);
      Crc32c portable = Crc32c.portable();
      portable.update(buffer.duplicate().limit(split).position(from));
      ByteBuffer rest = buffer.duplicate().limit(to).position(split);
      portable.update(rest);
      assertEquals(to, rest.position(), "consumed to the limit");
      assertEquals((int) expected.getValue(), portable.value(), "bytes " + from + ".." + to + " split at " + split);
    }
  }
}
