package dev.barbiton.file.transcode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a running transcode is.
 *
 * @param videoFrames video frames written (encoded or copied)
 * @param mediaTime the output's timeline reached so far
 * @param total how long the output will be, if known (the input's duration, cut to the time range)
 * @param elapsed wall time since the transcode started
 * @param bytesWritten bytes the sink took so far
 */
public record TranscodeProgress(long videoFrames, Duration mediaTime, Optional<Duration> total, Duration elapsed, long bytesWritten) {
  public TranscodeProgress {
    Objects.requireNonNull(mediaTime, "mediaTime");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** {@code mediaTime / total}, between 0 and 1, if the total is known. */
  public OptionalDouble fraction() {
    if (!total.isPresent() || total.get().isZero()) return OptionalDouble.empty();
    double f = (double) mediaTime.toNanos() / total.get().toNanos();
    return OptionalDouble.of(Math.max(0, Math.min(1, f)));
  }

  /** Video frames per second of wall time so far. */
  public double framesPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : videoFrames * 1e9 / nanos;
  }

  /** Media time per wall time: 2.0 means twice as fast as real time. */
  public double speed() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : (double) mediaTime.toNanos() / nanos;
  }
}
