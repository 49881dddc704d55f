package dev.barbiton.examples;

import dev.barbiton.events.Redaction;
import dev.barbiton.file.download.Download;
import dev.barbiton.file.download.DownloadManager;
import dev.barbiton.file.download.DownloadRange;
import dev.barbiton.file.download.DownloadRequest;
import dev.barbiton.file.download.DownloadState;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code barbiton download add | ls | pause | resume | rm | run}: the offline download queue of a
 * cache directory ({@link DownloadManager}). Every command but {@code run} changes or shows the
 * queue and exits; {@code run} downloads until the queue is idle or it is interrupted.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = "The offline download queue of the cache directory: add, list, pause, resume, remove, run.",
    subcommands = {DownloadCommand.Add.class, DownloadCommand.Ls.class, DownloadCommand.Pause.class,
        DownloadCommand.Resume.class, DownloadCommand.Remove.class, DownloadRunCommand.class})
final class DownloadCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every queue command takes and does: open the store and the manager, run, close. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
    Path cache = Caches.defaultDirectory();

    @Option(names = "--json", description = "one JSON object per download, one a line")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
      try (Session session = new Session(cache); DownloadManager manager = DownloadManager.builder(session.options().build()).open()) {
        manager.recovery().ifPresent(r -> err().println("barbiton: " + r.getMessage()));
        return run(manager, spec.commandLine().getOut());
      }
    }

    abstract int run(DownloadManager manager, PrintWriter out) throws Exception;

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    void print(PrintWriter out, Download d) {
      if (json) {
        Json.print(out, true, json(d));
      } else {
        out.println(line(d));
        out.flush();
      }
    }

    /** The message and exit 1 for an id with no download. */
    int noSuch(String id) {
      err().println("barbiton: no download with id " + Redaction.text(id) + " (see barbiton download ls)");
      err().flush();
      return Failures.OTHER;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Queue URL for offline download: the whole file, its first S seconds, or a byte range. "
          + "Prints the download's id; barbiton download run fetches it.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL to download")
    URI url;

    @ArgGroup(exclusive = true)
    Part part;

    static final class Part {
      @Option(names = "--first", paramLabel = "S", description = "only what plays the first S seconds (decimals allowed)")
      Double firstSeconds;

      @Option(names = "--range", paramLabel = "A-B", description = "only bytes A to B, inclusive")
      String range;
    }

    @Option(names = "--priority", paramLabel = "N", description = "higher runs first (default: ${DEFAULT-VALUE})")
    int priority;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
        description = "send this request header (repeatable); stored with the queue in the cache directory")
    List<String> headers = new java.util.ArrayList<>();

    @Override
    int run(DownloadManager manager, PrintWriter out) {
      DownloadRequest.Builder request = DownloadRequest.builder(url).priority(priority).range(range());
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) throw new ParameterException(spec.commandLine(), "--header needs NAME:VALUE, as in \"Authorization: Bearer ...\"");
        request.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      Download d;
      try {
        d = manager.add(request.build());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      print(out, d);
      return 0;
    }

    private DownloadRange range() {
      if (part == null) return DownloadRange.whole();
      if (part.firstSeconds != null) {
        if (!(part.firstSeconds > 0) || part.firstSeconds.isInfinite()) {
          throw new ParameterException(spec.commandLine(), "--first must be a positive number of seconds");
        }
        return DownloadRange.first(Duration.ofMillis(Math.round(part.firstSeconds * 1000)));
      }
      String[] ends = part.range.split("-", -1);
      try {
        long a = Long.parseLong(ends[0].strip());
        long b = Long.parseLong(ends[1].strip());
        if (ends.length != 2 || a < 0 || b < a) throw new NumberFormatException();
        return DownloadRange.bytes(a, b + 1);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new ParameterException(spec.commandLine(), "--range needs A-B with 0 <= A <= B, as in 0-1048575");
      }
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List the queue in the order added: id, state, cached/total, priority, range, URL (redacted), "
          + "and the stop reason or the failure.")
  static final class Ls extends Base {
    @Override
    int run(DownloadManager manager, PrintWriter out) {
      for (Download d : manager.list()) print(out, d);
      out.flush();
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a download; its bytes stay.")
  static final class Pause extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "the stop reason (default: ${DEFAULT-VALUE})")
    String reason = "paused";

    @Override
    int run(DownloadManager manager, PrintWriter out) {
      try {
        print(out, manager.pause(id, reason));
        return 0;
      } catch (NoSuchElementException e) {
        return noSuch(id);
      }
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Queue a paused or failed download again.")
  static final class Resume extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Override
    int run(DownloadManager manager, PrintWriter out) {
      try {
        print(out, manager.resume(id));
        return 0;
      } catch (NoSuchElementException e) {
        return noSuch(id);
      }
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a download and delete its bytes.")
  static final class Remove extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Override
    int run(DownloadManager manager, PrintWriter out) {
      Optional<Download> d = manager.get(id);
      if (d.isEmpty() || !manager.remove(id)) return noSuch(id);
      if (json) {
        Json.print(out, true, Map.of("id", id, "removed", true));
      } else {
        out.println("removed " + id);
        out.flush();
      }
      return 0;
    }
  }

  /** One line of {@code ls}: {@code 3  DOWNLOADING  0.6/2.0 MiB  p5  first 10 s  https://host/a.mp4}. */
  static String line(Download d) {
    StringBuilder s = new StringBuilder();
    s.append(d.id()).append("  ").append(d.state()).append("  ").append(size(d)).append("  p").append(d.request().priority())
        .append("  ").append(d.request().range()).append("  ").append(Redaction.url(d.request().uri().toString()));
    d.stopReason().ifPresent(r -> s.append("  (").append(Redaction.text(r)).append(')'));
    if (d.state() == DownloadState.FAILED || d.state() == DownloadState.QUEUED) {
      d.failure().ifPresent(f -> s.append("  ").append(f));
    }
    return s.toString();
  }

  static String size(Download d) {
    String total = d.bytesTotal().isPresent() ? Progress.bytes(d.bytesTotal().getAsLong(), "") : "?";
    return Progress.bytes(d.bytesCached(), "") + "/" + total;
  }

  /** A download as JSON: numbers as numbers, the URL redacted. */
  static Map<String, Object> json(Download d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("state", d.state().name());
    m.put("url", Redaction.url(d.request().uri().toString()));
    m.put("priority", d.request().priority());
    m.put("range", d.request().range().toString());
    m.put("bytesCached", d.bytesCached());
    m.put("bytesTotal", d.bytesTotal().isPresent() ? d.bytesTotal().getAsLong() : null);
    m.put("stopReason", d.stopReason().map(Redaction::text).orElse(null));
    m.put("failure", d.failure().map(f -> {
      Map<String, Object> failure = new LinkedHashMap<>();
      failure.put("kind", f.kind().name());
      failure.put("type", f.type());
      failure.put("message", f.message());
      return failure;
    }).orElse(null));
    m.put("failedAttempts", d.failedAttempts());
    m.put("retryAt", d.retryAt().map(Object::toString).orElse(null));
    return m;
  }
}
