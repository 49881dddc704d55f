package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * A progress bar of a source's cached bytes, drawn by the progressbar library on one line of a
 * terminal: {@code fetch  32% [=====>     ] 0.6/2.0 MiB (0:00:01 / 0:00:02) 512.0 KiB/s}.
 *
 * <p>Sizes and speeds have one decimal in the unit that suits them (KiB, MiB, GiB). Text printed
 * while the bar is up goes through {@link #println}, which clears the bar's line first and draws the
 * bar again below the text; {@link #close} returns once the bar's last state is drawn and its line
 * ended, so whatever is printed after it starts on a line of its own.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar; // null: no bar
  private final Line line;
  private final FileSource source;

  private Progress(ProgressBar bar, Line line, FileSource source) {
    this.bar = bar;
    this.line = line;
    this.source = source;
  }

  /** A bar for {@code source} drawn on {@code terminal}, or none when {@code terminal} is null. */
  static Progress of(FileSource source, String task, PrintStream terminal) {
    if (terminal == null) return new Progress(null, null, source);
    Line line = new Line(terminal);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(source.length().orElse(-1))
        .startsFrom(source.available().totalBytes(), Duration.ZERO) // the speed counts only bytes that arrive now
        .setUpdateIntervalMillis(100)
        .setConsumer(line)
        .setRenderer(new Renderer())
        .build();
    return new Progress(bar, line, source);
  }

  /** Refreshes the bar with what is cached now, and a note after the speed (or none, if null). */
  void update(String note) {
    if (bar == null) return;
    source.length().ifPresent(length -> {
      if (bar.isIndefinite() || bar.getMax() != length) bar.maxHint(length);
    });
    bar.stepTo(source.available().totalBytes());
    if (note != null) bar.setExtraMessage("  " + note);
  }

  /** Prints {@code text} on a line of its own on {@code out}, the bar (if any) below it. */
  void println(PrintWriter out, String text) {
    Runnable print = () -> {
      out.println(text);
      out.flush();
    };
    if (line == null) {
      print.run();
    } else {
      line.interject(print);
    }
  }

  /** Waits for {@code done}, refreshing the bar every 100 ms (a display refresh, not a wait on a condition). */
  <T> T follow(Future<T> done, Supplier<String> note) throws Exception {
    while (true) {
      try {
        T value = done.get(100, TimeUnit.MILLISECONDS);
        update(note.get());
        return value;
      } catch (TimeoutException e) {
        update(note.get());
      }
    }
  }

  /** Draws the bar's last state and ends its line; returns once that is on the terminal. */
  @Override
  public void close() {
    if (bar != null) bar.close();
  }

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  /** A size or a speed in the binary unit that suits it, with one decimal: {@code 512.0 KiB}. */
  static String bytes(double bytes, String suffix) {
    int exponent = exponent(bytes);
    return decimal(bytes, exponent) + " " + UNITS[exponent - 1] + suffix;
  }

  /** The power of 1024 whose unit suits {@code bytes}: KiB below 1 MiB (also for 0), MiB below 1 GiB, ... */
  private static int exponent(double bytes) {
    int exponent = 1;
    while (exponent < UNITS.length && bytes >= Math.pow(1024, exponent + 1)) exponent++;
    return exponent;
  }

  private static String decimal(double bytes, int exponent) {
    return String.format(Locale.ROOT, "%.1f", bytes / Math.pow(1024, exponent));
  }

  /**
   * The library's bar with our sizes: current and total in the total's unit (the current one's
   * while the total is unknown), and the speed over the time since the bar started, in its own
   * unit. (The library's own divides whole units, {@code 0/2 MiB} at 32 %, and whole seconds.)
   */
  private static final class Renderer extends DefaultProgressBarRenderer {
    Renderer() {
      super(ProgressBarStyle.ASCII, "", 1, true, null, null, true, Renderer::linearEta);
    }

    @Override
    protected String ratio(ProgressState state) {
      int exponent = exponent(state.isIndefinite() ? state.getCurrent() : state.getMax());
      String total = state.isIndefinite() ? "?" : decimal(state.getMax(), exponent);
      return decimal(state.getCurrent(), exponent) + "/" + total + " " + UNITS[exponent - 1];
    }

    @Override
    protected String speed(ProgressState state) {
      double seconds = state.getElapsedAfterStart().toMillis() / 1000.0;
      if (seconds < 0.2) return "? KiB/s";
      return bytes((state.getCurrent() - state.getStart()) / seconds, "/s");
    }

    private static Optional<Duration> linearEta(ProgressState state) {
      long done = state.getCurrent() - state.getStart();
      if (state.isIndefinite() || done <= 0) return Optional.empty();
      return Optional.of(state.getElapsedAfterStart().multipliedBy(state.getMax() - state.getCurrent()).dividedBy(done));
    }
  }

  /**
   * The library's console line, made safe to print beside: what the bar draws (on the library's
   * thread) and what {@link #interject} prints (on the command's) never interleave.
   */
  private static final class Line extends ConsoleProgressBarConsumer {
    private final PrintStream terminal;
    private final Object lock = new Object();
    /** The bar as drawn last, empty before the first draw. Guarded by {@link #lock}. */
    private String drawn = "";
    /** Guarded by {@link #lock}. */
    private boolean closed;

    Line(PrintStream terminal) {
      super(terminal);
      this.terminal = terminal;
    }

    @Override
    public void accept(String rendered) {
      synchronized (lock) {
        if (closed) return;
        super.accept(rendered);
        terminal.flush();
        drawn = rendered;
      }
    }

    /** Blanks the line and returns to its start. */
    @Override
    public void clear() {
      synchronized (lock) {
        terminal.print("\r" + " ".repeat(Math.max(0, getMaxRenderedLength())) + "\r");
        terminal.flush();
      }
    }

    /** Clears the bar, runs {@code print}, and draws the bar again on the line after. */
    void interject(Runnable print) {
      synchronized (lock) {
        boolean up = !closed && !drawn.isEmpty();
        if (up) clear();
        print.run();
        if (up) {
          super.accept(drawn);
          terminal.flush();
        }
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (closed) return;
        closed = true;
        super.close(); // ends the line
      }
    }
  }
}
