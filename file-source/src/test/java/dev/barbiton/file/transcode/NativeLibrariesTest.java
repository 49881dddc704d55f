package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.ChildJava;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transcoding, previews and frame reading load avfilter but never libavdevice, and so never
 * PulseAudio's client library: they work on a machine without {@code libpulse.so.0}.
 */
@Timeout(120)
class NativeLibrariesTest {
  @Test
  void aFreshJvmTranscodesWithoutAvdeviceOrPulse() throws Exception {
    List<String> out = new ArrayList<>();
    try (ChildJava child = ChildJava.start(TranscodeMain.class, List.of())) {
      for (String line; !(line = child.nextLine(Duration.ofSeconds(60))).equals(ChildJava.EOF); ) out.add(line);
      assertEquals(0, child.await(Duration.ofSeconds(60)), child::stderr);
    }
    String all = String.join("\n", out);
    assertTrue(out.contains("frames 10"), all);
    assertTrue(out.contains("png true"), all);
    assertTrue(out.contains("frame true"), all);
    assertTrue(out.contains("mapped avfilter true"), all);
    assertTrue(out.contains("mapped avdevice false"), all);
    assertTrue(out.contains("mapped pulse false"), all);
  }
}
