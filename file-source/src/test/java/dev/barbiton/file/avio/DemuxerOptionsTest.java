package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options value and its builder: plain Java, no native code. */
class DemuxerOptionsTest {

  @Test
  void defaults_areOneMebibyteAndOneSecond_probingTheFormat_withoutOptions() {
    DemuxerOptions defaults = DemuxerOptions.defaults();
    assertEquals(1 << 20, defaults.probeSize());
    assertEquals(Duration.ofSeconds(1), defaults.analyzeDuration());
    assertEquals(Optional.empty(), defaults.formatName());
    assertEquals(Map.of(), defaults.formatOptions());
    assertEquals(defaults, DemuxerOptions.builder().build());
  }

  @Test
  void ffmpegDefaults_areFiveMillionBytesAndFiveSeconds() {
    assertEquals(5_000_000, DemuxerOptions.ffmpegDefaults().probeSize());
    assertEquals(Duration.ofSeconds(5), DemuxerOptions.ffmpegDefaults().analyzeDuration());
    assertEquals(5_000_000, DemuxerOptions.ffmpegDefaults().analyzeDurationMicros());
  }

  @Test
  void newBuilder_copiesEverything_andLeavesTheOriginalAlone() {
    DemuxerOptions original = DemuxerOptions.builder()
        .probeSize(4096).analyzeDuration(Duration.ofMillis(250)).formatName("mp4")
        .formatOption("ignore_editlist", "1").build();
    DemuxerOptions copy = original.newBuilder().build();
    assertEquals(original, copy);
    assertEquals(original.hashCode(), copy.hashCode());
    DemuxerOptions changed = original.newBuilder().probeSize(8192).probeFormat().clearFormatOptions().build();
    assertEquals(8192, changed.probeSize());
    assertEquals(Optional.empty(), changed.formatName());
    assertEquals(Map.of(), changed.formatOptions());
    assertEquals(4096, original.probeSize());
    assertEquals(Optional.of("mp4"), original.formatName());
    assertEquals(Map.of("ignore_editlist", "1"), original.formatOptions());
    assertNotEquals(original, changed);
  }

  @Test
  void formatOptions_keepTheirOrder_areCopied_andCannotBeChanged() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("fflags", "+genpts");
    given.put("ignore_editlist", "1");
    given.put("skip_estimate_duration_from_pts", "1");
    DemuxerOptions.Builder builder = DemuxerOptions.builder().formatOptions(given);
    DemuxerOptions options = builder.build();
    given.put("later", "x");
    builder.formatOption("after_build", "y");
    assertEquals(List.of("fflags", "ignore_editlist", "skip_estimate_duration_from_pts"),
        List.copyOf(options.formatOptions().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> options.formatOptions().put("x", "y"));
  }

  @Test
  void formatOption_setTwice_keepsTheLastValue() {
    DemuxerOptions options = DemuxerOptions.builder().formatOption("a", "1").formatOption("a", "2").build();
    assertEquals(Map.of("a", "2"), options.formatOptions());
  }

  @Test
  void probeSizeBelow32_isRejectedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemuxerOptions.builder().probeSize(31));
    assertEquals("probeSize < 32: 31", e.getMessage());
    assertEquals(32, DemuxerOptions.builder().probeSize(32).build().probeSize());
  }

  @Test
  void analyzeDurationBelowOneMicrosecond_isRejected_becauseFfmpegReadsZeroAsFiveSeconds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemuxerOptions.builder().analyzeDuration(Duration.ofNanos(999)));
    assertEquals("analyzeDuration < 1 µs: PT0.000000999S", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().analyzeDuration(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().analyzeDuration(Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> DemuxerOptions.builder().analyzeDuration(null));
    assertEquals(1, DemuxerOptions.builder().analyzeDuration(Duration.ofNanos(1000)).build().analyzeDurationMicros());
  }

  @Test
  void hugeAnalyzeDuration_saturatesInMicroseconds() {
    DemuxerOptions options = DemuxerOptions.builder().analyzeDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
    assertEquals(Long.MAX_VALUE, options.analyzeDurationMicros());
  }

  @Test
  void formatName_mustBeOneName() {
    for (String bad : List.of("", " ", "mov,mp4", "mp 4", "mp4\n", "é")) {
      assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().formatName(bad), bad);
    }
    assertEquals(Optional.of("matroska"), DemuxerOptions.builder().formatName("matroska").build().formatName());
  }

  @Test
  void formatOption_badKeysAndValues_areRejected() {
    for (String bad : List.of("", "a=b", "a b", "a\0")) {
      assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().formatOption(bad, "1"), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().formatOption("a", "1\0"));
    assertThrows(NullPointerException.class, () -> DemuxerOptions.builder().formatOption("a", null));
  }

  @Test
  void probesizeAndAnalyzedurationAsFormatOptions_pointToTheirSetters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemuxerOptions.builder().formatOption("probesize", "100"));
    assertTrue(e.getMessage().contains("probeSize(long)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DemuxerOptions.builder().formatOption("analyzeduration", "100"));
    assertTrue(e.getMessage().contains("analyzeDuration(Duration)"), e.getMessage());
  }

  @Test
  void fflags_thatWouldReplaceTheFlags_areRejected_addingAndRemovingByNameIsFine() {
    for (String bad : List.of("genpts", "0", "+1", "+genpts,igndts", "", "+")) {
      assertThrows(IllegalArgumentException.class, () -> DemuxerOptions.builder().formatOption("fflags", bad), bad);
    }
    DemuxerOptions options = DemuxerOptions.builder().formatOption("fflags", "+genpts-igndts+discardcorrupt").build();
    assertEquals("+genpts-igndts+discardcorrupt", options.formatOptions().get("fflags"));
  }

  @Test
  void formatOptions_stopAtTheFirstBadEntry() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("good", "1");
    given.put("probesize", "2");
    given.put("never", "3");
    DemuxerOptions.Builder builder = DemuxerOptions.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.formatOptions(given));
    assertEquals(Map.of("good", "1"), builder.build().formatOptions());
  }

  @Test
  void toString_namesWhatIsSet() {
    String text = DemuxerOptions.builder().formatName("mp4").formatOption("a", "b").build().toString();
    assertEquals("DemuxerOptions[probeSize=1048576, analyzeDuration=PT1S, formatName=mp4, formatOptions={a=b}]", text);
  }
}
