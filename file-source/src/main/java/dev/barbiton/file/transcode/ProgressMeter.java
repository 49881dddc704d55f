package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.AvioMuxer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Calls the progress callback at most once per interval, on the transcoding thread, holding no lock. */
final class ProgressMeter {
  private final Consumer<TranscodeProgress> callback;
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();
  private final Optional<Duration> total;
  private long lastReport;

  ProgressMeter(Consumer<TranscodeProgress> callback, Duration interval, Optional<Duration> total) {
    this.callback = callback;
    this.intervalNanos = interval.toNanos();
    this.total = total;
    this.lastReport = startNanos;
  }

  void maybeReport(List<? extends OutputChain> chains, AvioMuxer muxer) {
    if (callback == null) return;
    long now = System.nanoTime();
    if (now - lastReport < intervalNanos) return;
    lastReport = now;
    callback.accept(snapshot(chains, muxer, now));
  }

  void finalReport(List<? extends OutputChain> chains, AvioMuxer muxer) {
    if (callback != null) callback.accept(snapshot(chains, muxer, System.nanoTime()));
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  Optional<Duration> total() {
    return total;
  }

  private TranscodeProgress snapshot(List<? extends OutputChain> chains, AvioMuxer muxer, long now) {
    return new TranscodeProgress(videoFrames(chains), Duration.ofNanos((long) (mediaSeconds(chains) * 1e9)), total,
        Duration.ofNanos(now - startNanos), muxer.bytesWritten());
  }

  static long videoFrames(List<? extends OutputChain> chains) {
    long frames = 0;
    for (OutputChain chain : chains) if (chain.video()) frames += chain.frames();
    return frames;
  }

  static long audioFrames(List<? extends OutputChain> chains) {
    long frames = 0;
    for (OutputChain chain : chains) if (!chain.video()) frames += chain.frames();
    return frames;
  }

  static double mediaSeconds(List<? extends OutputChain> chains) {
    double seconds = 0;
    for (OutputChain chain : chains) seconds = Math.max(seconds, chain.endSeconds());
    return seconds;
  }
}
