package dev.barbiton.examples;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barbiton fetch URL}: download into the cache, resuming what an earlier run left. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Download URL into the cache (resuming a partial download) and print what happened.")
final class FetchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL to download")
  URI url;

  @Mixin CommonOptions common = new CommonOptions();

  @picocli.CommandLine.Option(names = "--connections", paramLabel = "K",
      description = "fetch over up to K connections at once, 1 to 16 (default: ${DEFAULT-VALUE})")
  int connections = 1;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (connections < 1 || connections > 16) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--connections must be 1 to 16");
    }
    try (Session session = common.session(url);
        FileSource source = FileSource.open(url, session.options().connections(connections).build())) {
      long cachedAtStart = source.available().totalBytes();
      DownloadOutcome outcome;
      try (Progress progress = common.progress(source, "fetch")) {
        outcome = progress.follow(source.completion(), () -> null);
      }
      if (outcome instanceof DownloadOutcome.Failed failed) throw failed.cause();
      String sha256 = outcome instanceof DownloadOutcome.Finished ? sha256(source) : null;
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("url", dev.barbiton.events.Redaction.url(url.toString()));
      result.put("outcome", outcomeName(outcome));
      result.put("length", source.length().isPresent() ? source.length().getAsLong() : null);
      result.put("sha256", sha256);
      result.put("requests", session.requests());
      result.put("networkBytes", session.networkBytes());
      result.put("cacheBytes", cachedAtStart);
      result.put("resumes", session.resumes());
      result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
      result.put("metrics", source.metrics().asMap());
      Json.print(spec.commandLine().getOut(), common.json, result);
      return outcome instanceof DownloadOutcome.Finished ? 0 : Failures.OTHER;
    }
  }

  static String outcomeName(DownloadOutcome outcome) {
    if (outcome instanceof DownloadOutcome.Finished) return "finished";
    if (outcome instanceof DownloadOutcome.Failed) return "failed";
    return "cancelled";
  }

  static String sha256(FileSource source) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = source.newInputStream()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

}
