package dev.barbiton.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing at CI size: the kept fixtures, then 300 mutated and truncated MP4, MPEG-TS, WebM,
 * Matroska and MP3 files (mutated parameter sets among them) through the sniffer, the track
 * reader, the segment indexer and FFmpeg, in child JVMs. No JVM crash, no hang, no {@code
 * OutOfMemoryError}, only our typed errors. An input that breaks a rule is written
 * to {@code src/test/resources/dev/barbiton/reliability/} and replayed by every later run.
 */
class MediaFuzzTest {
  static final Path FIXTURES = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "dev", "barbiton",
      "reliability");

  @Test
  @Timeout(240)
  void mutatedMedia_onlyTypedErrors_noCrashHangOrOutOfMemory() throws Exception {
    long seed = ChaosRunner.parseSeed(System.getProperty("barbiton.fuzz.seed", "0xf0221"));
    int inputs = Integer.getInteger("barbiton.fuzz.inputs", 300);
    FuzzRunner.Summary summary = FuzzRunner.run(new FuzzRunner.Config(inputs, seed, 30, Duration.ofSeconds(20),
        Path.of(System.getProperty("user.dir"), "target", "test-media", "reliability"), FIXTURES), System.out);
    System.out.print(summary.format());
    assertTrue(summary.ok(), summary::format);
    // The mutations reach FFmpeg's decoders and its refusals both, or they test too little.
    String all = summary.outcomes().toString();
    assertTrue(all.contains("avio=decoded") && all.contains("avio=error:"), summary::format);
    // And they reach the track reader with tracks to describe, and leave it none.
    assertTrue(all.contains("tracks=2") && all.contains("tracks=0"), summary::format);
  }
}
