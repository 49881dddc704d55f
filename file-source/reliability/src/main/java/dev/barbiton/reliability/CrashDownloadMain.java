package dev.barbiton.reliability;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link CrashResumeRunner}: downloads a URL through a {@link FileSource}
 * into a store with the default settings, reading it from byte 0 as a player would and printing
 * {@code at <position>} every 256 KiB read, then {@code sha256 <hex>} of the whole file and {@code
 * outcome <outcome>}. The parent kills it with SIGKILL at random moments; a restart resumes from
 * what the last index claimed. Arguments: cache directory, URL.
 */
public final class CrashDownloadMain {
  static final int REPORT_EVERY = 256 << 10;

  private CrashDownloadMain() {}

  public static void main(String[] args) throws Exception {
    Path cache = Path.of(args[0]);
    URI url = URI.create(args[1]);
    try (AssetStore store = AssetStore.open(cache);
        // One connection: what persisted and what was fetched again are counted for a sequential
        // download (the first missing byte); several connections have a chaos run of their own.
        FileSource source = FileSource.open(url, FileSourceOptions.builder(store)
            .readTimeout(Duration.ofMinutes(2)).stallTimeout(Duration.ofSeconds(10)).connections(1).build());
        InputStream in = source.newInputStream()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 << 10];
      long at = 0;
      long reported = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        at += n;
        if (at - reported >= REPORT_EVERY) {
          System.out.println("at " + at);
          reported = at;
        }
      }
      System.out.println("sha256 " + HexFormat.of().formatHex(sha.digest()) + " " + at);
      DownloadOutcome outcome = source.completion().get(1, TimeUnit.MINUTES);
      System.out.println("outcome " + outcome);
    }
  }
}
