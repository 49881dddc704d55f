package dev.barbiton.file.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The text rule of {@link ContentCheck}; FileSource's behaviour with such bodies is in ContentCheckTest. */
class ContentCheckTextTest {
  @Test
  void verdict_textDetection_followsTheBinaryByteRule() {
    assertTrue(ContentCheck.looksLikeText(java.nio.ByteBuffer.wrap("plain words\r\n\ttab".getBytes(StandardCharsets.UTF_8))));
    byte[] binary = Arrays.copyOf("almost text".getBytes(StandardCharsets.UTF_8), 20);
    assertTrue(!ContentCheck.looksLikeText(java.nio.ByteBuffer.wrap(binary)), "a NUL byte is binary");
  }
}
