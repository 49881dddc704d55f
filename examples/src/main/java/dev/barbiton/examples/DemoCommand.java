package dev.barbiton.examples;

import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.testing.MediaServer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code barbiton demo}: everything Barbiton does, with no network. A loopback server inside this
 * process serves a sample at a realistic bandwidth; the demo plays it while it downloads, seeks to
 * 75 % mid-download, writes a thumbnail, prints what it learnt, and reopens it from the cache with
 * no request at all.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Play a sample while it downloads from a local server, seek, thumbnail, reopen from the cache.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--url", paramLabel = "URL",
      description = "run against this URL instead of the local sample (with --header, --cacert, --insecure as needed)")
  URI url;

  /** For {@code --url}: its headers and trust, as the URL subcommands take them. */
  @Mixin RequestOptions request = new RequestOptions();

  @Option(names = "--seconds", paramLabel = "S", description = "length of the local sample (default: ${DEFAULT-VALUE})")
  int seconds = 30;

  @Option(names = "--rate", paramLabel = "BYTES_PER_S",
      description = "bandwidth of the local server (default: ${DEFAULT-VALUE}, about 4 Mbit/s)")
  long rate = 512 << 10;

  @Option(names = "--out", paramLabel = "DIR", description = "where the thumbnail goes (default: the current directory)")
  Path out = Path.of(".");

  @Option(names = "--sample-dir", paramLabel = "DIR", description = "where the sample is kept (default: the user cache)")
  Path sampleDir = Caches.defaultDirectory().resolve("demo");

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (url == null && request.given()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--header, --cacert and --insecure go with --url");
    }
    Ffmpeg.preload(); // the natives load while the download starts
    if (seconds < 4) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds < 4: " + seconds);
    if (rate < 16 << 10) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate < 16384: " + rate);
    PrintWriter console = spec.commandLine().getOut();
    PrintStream terminal = quiet ? null : Barbiton.terminal(spec);
    OutputPaths.requireDirectory(out);
    Path cache = Files.createTempDirectory("barbiton-demo-cache");
    try {
      if (url != null) {
        new DemoRun(console, () -> request.session(spec, cache, RetryPolicy.defaults(), url), url, null, out, terminal).run();
        return 0;
      }
      Path sample = DemoSample.prepare(sampleDir, seconds, console);
      try (MediaServer server = MediaServer.start()) {
        server.serve("/sample.mp4", Files.readAllBytes(sample)).contentType("video/mp4").throttle(rate);
        console.printf("Serving %s (%d KiB) on %s at %d KiB/s%n", sample.getFileName(), Files.size(sample) >> 10,
            server.uri("/sample.mp4"), rate >> 10);
        new DemoRun(console, () -> new Session(cache), server.uri("/sample.mp4"), server, out, terminal).run();
      }
      return 0;
    } finally {
      deleteTree(cache);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
