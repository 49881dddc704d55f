package dev.barbiton.examples;

import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.download.Download;
import dev.barbiton.file.download.DownloadFailure;
import dev.barbiton.file.download.DownloadManager;
import dev.barbiton.file.download.DownloadState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code barbiton download run}: runs the queue until no download is queued or running, or until
 * interrupted (Ctrl-C: the running downloads go back to the queue, persisted, for the next run to
 * continue). On a terminal, one progress bar per download, redrawn in place; otherwise (or with
 * {@code --json}) one line per change of state. Then one line (or JSON object) per download. Exit
 * 0 when none failed, else the exit code of the first failure's kind.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the download queue with a progress bar per download until every download is done, "
        + "paused or failed, or until interrupted (Ctrl-C).")
final class DownloadRunCommand implements Callable<Integer> {
  private static final int BAR = 24;

  @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
  Path cache = Caches.defaultDirectory();

  @Option(names = "--json", description = "one JSON object per change of state, then one per download; no bars")
  boolean json;

  @Option(names = "--parallel", paramLabel = "N", description = "downloads at once (default: ${DEFAULT-VALUE})")
  int parallel = 3;

  @Mixin TrustOptions trust = new TrustOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (parallel < 1) throw new ParameterException(spec.commandLine(), "--parallel must be at least 1");
    PrintWriter out = spec.commandLine().getOut();
    PrintStream terminal = json ? null : Barbiton.terminal(spec);
    Thread running = Thread.currentThread();
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      running.interrupt();
      try {
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "barbiton-download-stop");
    boolean interrupted = false;
    List<Download> last;
    try (Session session = session();
        DownloadManager manager = DownloadManager.builder(session.options().build()).parallelism(parallel)
            .progressInterval(Duration.ofMillis(200)).open()) {
      manager.recovery().ifPresent(r -> spec.commandLine().getErr().println("barbiton: " + r.getMessage()));
      Runtime.getRuntime().addShutdownHook(hook);
      manager.start();
      Map<String, DownloadState> seen = new HashMap<>();
      Bars bars = terminal == null ? null : new Bars(terminal);
      try {
        boolean idle = false;
        while (!idle) {
          idle = manager.awaitIdle(Duration.ofMillis(200)); // a display refresh, not a wait on a condition
          List<Download> now = manager.list();
          if (bars != null) {
            bars.draw(now);
          } else {
            for (Download d : now) {
              if (seen.put(d.id(), d.state()) != d.state()) printOne(out, d);
            }
          }
        }
      } catch (InterruptedException e) {
        interrupted = true; // Ctrl-C: close the manager, which queues the running downloads again
      }
      last = manager.list();
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
        // The hook runs (or was never added): nothing to remove.
      }
    }
    if (!json) out.println();
    for (Download d : last) printOne(out, d);
    if (interrupted) Thread.currentThread().interrupt();
    for (Download d : last) {
      if (d.state() == DownloadState.FAILED) return exitCode(d.failure().map(DownloadFailure::kind).orElse(DownloadFailure.Kind.OTHER));
    }
    return 0;
  }

  /**
   * A session on the cache directory whose client trusts as {@code --cacert} and {@code --insecure}
   * say; {@code --insecure} skips the checks of the hosts of the downloads that may run (all but the
   * completed ones), read from the queue first.
   */
  private Session session() throws IOException {
    if (!trust.given()) return new Session(cache);
    List<URI> urls = List.of();
    if (trust.insecure) {
      try (Session reading = new Session(cache); DownloadManager manager = DownloadManager.builder(reading.options().build()).open()) {
        manager.recovery().ifPresent(r -> spec.commandLine().getErr().println("barbiton: " + r.getMessage()));
        urls = manager.list().stream().filter(d -> d.state() != DownloadState.COMPLETED).map(d -> d.request().uri()).toList();
      }
    }
    return new Session(cache, RetryPolicy.defaults(), trust.client(spec, urls), List.of());
  }

  private void printOne(PrintWriter out, Download d) {
    if (json) {
      Json.print(out, true, DownloadCommand.json(d));
    } else {
      out.println(DownloadCommand.line(d));
      out.flush();
    }
  }

  static int exitCode(DownloadFailure.Kind kind) {
    return switch (kind) {
      case NETWORK, SERVER -> Failures.NETWORK;
      case STORAGE -> Failures.CACHE;
      case MEDIA -> Failures.MEDIA;
      case OTHER -> Failures.OTHER;
    };
  }

  /** One bar per download on a terminal, redrawn in place: {@code 3  [======>    ]  45%  0.9/2.0 MiB  512.0 KiB/s  DOWNLOADING}. */
  static final class Bars {
    private final PrintStream terminal;
    private final Map<String, long[]> lastBytes = new HashMap<>(); // id -> {bytes, nanos}
    private int drawn;

    Bars(PrintStream terminal) {
      this.terminal = terminal;
    }

    void draw(List<Download> downloads) {
      StringBuilder s = new StringBuilder();
      if (drawn > 0) s.append("\033[").append(drawn).append('F'); // back to the first bar's line
      long now = System.nanoTime();
      for (Download d : downloads) s.append("\033[2K").append(line(d, now)).append('\n');
      drawn = downloads.size();
      terminal.print(s);
      terminal.flush();
    }

    String line(Download d, long now) {
      double fraction = d.fraction().orElse(0.0);
      int filled = (int) Math.round(fraction * BAR);
      String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == BAR ? "=" : ">") : "") + " ".repeat(BAR - filled);
      long[] before = lastBytes.put(d.id(), new long[] {d.bytesCached(), now});
      double rate = before == null || now <= before[1] ? 0 : Math.max(0, d.bytesCached() - before[0]) * 1e9 / (now - before[1]);
      String speed = d.state() == DownloadState.DOWNLOADING ? "  " + Progress.bytes(rate, "/s") : "";
      return String.format(java.util.Locale.ROOT, "%-4s [%s] %3d%%  %s%s  %s", d.id(), bar, Math.round(fraction * 100),
          DownloadCommand.size(d), speed, d.state());
    }
  }
}
