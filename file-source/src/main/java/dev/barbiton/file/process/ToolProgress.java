package dev.barbiton.file.process;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One block of FFmpeg's {@code -progress} output ({@code key=value} lines up to {@code
 * progress=continue} or {@code progress=end}), its values parsed where FFmpeg gave them.
 *
 * @param frames video frames written so far, if FFmpeg says
 * @param outTime the output's timeline reached ({@code out_time_us}), zero if not yet known
 * @param speed media time per wall time ({@code speed=1.98x}), if known
 * @param fps frames per second ({@code fps}), if known
 * @param totalSize bytes written ({@code total_size}), if known
 * @param end true for the last block ({@code progress=end})
 * @param values every key and value of the block as FFmpeg wrote it
 */
public record ToolProgress(OptionalLong frames, Duration outTime, OptionalDouble speed, OptionalDouble fps,
    OptionalLong totalSize, boolean end, Map<String, String> values) {
  public ToolProgress {
    Objects.requireNonNull(frames, "frames");
    Objects.requireNonNull(outTime, "outTime");
    Objects.requireNonNull(speed, "speed");
    Objects.requireNonNull(fps, "fps");
    Objects.requireNonNull(totalSize, "totalSize");
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** Parses one block; values FFmpeg gives as {@code N/A} are absent. */
  static ToolProgress of(Map<String, String> block) {
    long micros = longValue(block.get("out_time_us")).orElse(0);
    return new ToolProgress(longValue(block.get("frame")), Duration.ofNanos(Math.max(0, micros) * 1000),
        doubleValue(trimX(block.get("speed"))), doubleValue(block.get("fps")), longValue(block.get("total_size")),
        "end".equals(block.get("progress")), block);
  }

  private static String trimX(String speed) {
    return speed != null && speed.endsWith("x") ? speed.substring(0, speed.length() - 1).trim() : speed;
  }

  private static OptionalLong longValue(String text) {
    if (text == null) return OptionalLong.empty();
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // N/A, or a format of a future FFmpeg: absent, not an error
    }
  }

  private static OptionalDouble doubleValue(String text) {
    if (text == null) return OptionalDouble.empty();
    try {
      return OptionalDouble.of(Double.parseDouble(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
