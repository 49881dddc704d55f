package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import java.io.PrintStream;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar of a source's cached bytes (the progressbar library draws it) on stderr. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final FileSource source;

  private Progress(ProgressBar bar, FileSource source) {
    this.bar = bar;
    this.source = source;
  }

  /** A bar for {@code source}, or none when {@code quiet} (JSON output, tests). */
  static Progress of(FileSource source, String task, boolean quiet, PrintStream stream) {
    if (quiet) return new Progress(null, source);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" MiB", 1 << 20)
        .setInitialMax(source.length().orElse(-1))
        .setUpdateIntervalMillis(100)
        .setConsumer(new ConsoleProgressBarConsumer(stream))
        .showSpeed()
        .build();
    return new Progress(bar, source);
  }

  /** Refreshes the bar with what is cached now, and an extra message. */
  void update(String message) {
    if (bar == null) return;
    source.length().ifPresent(length -> {
      if (bar.getMax() != length) bar.maxHint(length);
    });
    bar.stepTo(source.available().totalBytes());
    if (message != null) bar.setExtraMessage(message);
  }

  /** Waits for {@code done}, refreshing the bar every 100 ms (a display refresh, not a wait on a condition). */
  <T> T follow(Future<T> done, Supplier<String> message) throws Exception {
    while (true) {
      try {
        T value = done.get(100, TimeUnit.MILLISECONDS);
        update(message.get());
        return value;
      } catch (TimeoutException e) {
        update(message.get());
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
