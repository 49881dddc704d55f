package dev.barbiton.reliability;

import dev.barbiton.testing.ChildJava;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Crash and resume: a child JVM ({@link CrashDownloadMain}) downloads a large file from a
 * throttled {@link MediaServer} in this JVM and is killed with SIGKILL at random moments, {@code
 * kills} times; each restart resumes. At the end the file's SHA-256 must equal the source's, each
 * restart must have asked for exactly the first byte the store persisted (with {@code If-Range}),
 * and the bytes fetched twice must stay within one index interval plus in-flight slack per kill.
 * The child's store has the default settings: what a kill costs is what it costs any user.
 */
public final class CrashResumeRunner {
  /**
   * What the store may lose to a kill with its default settings: the index is written every
   * 256 KiB ({@code AssetStore.Builder.indexBytes}), and a restart drops the partial 64 KiB block
   * at the end of what it claims.
   */
  public static final long INDEX_WINDOW = (256 << 10) + (64 << 10);
  /**
   * Bytes a kill may cost beyond the index window: what the server sent that the child never
   * received (socket buffers; after the child stalls, the paced server catches up in a burst,
   * which the kill, aimed at the reader's progress, tends to land in), the driver's buffer, and
   * what arrives within the index's 20 ms minimum gap.
   */
  public static final long SLACK_PER_KILL = 1 << 20;

  private CrashResumeRunner() {}

  /**
   * @param kills how many times the child is killed
   * @param size the file's size
   * @param bytesPerSecond the server's pace
   * @param seed where the kills fall
   */
  public record Config(int kills, int size, long bytesPerSecond, long seed) {
    public Config {
      if (kills < 0) throw new IllegalArgumentException("kills < 0: " + kills);
      if (size < 1 << 20) throw new IllegalArgumentException("size < 1 MiB: " + size);
      if (bytesPerSecond < 1) throw new IllegalArgumentException("bytesPerSecond < 1: " + bytesPerSecond);
    }

    /** The pace that makes the whole download last about {@code seconds}, at least 1 MiB/s. */
    public static Config of(int kills, int size, int seconds, long seed) {
      return new Config(kills, size, Math.max(1 << 20, size / Math.max(1, seconds)), seed);
    }
  }

  /**
   * One kill: where the child's reader was, what the store had persisted before and after, what
   * the server sent to that child, and what of it must be fetched again.
   */
  public record Kill(long readerAt, long persistedBefore, long persistedAfter, long sent, long refetched) {}

  public record Summary(Config config, List<Kill> kills, long totalSent, long refetched, String expectedSha256,
      String sha256, boolean resumedAtFirstMissing, Duration elapsed) {
    public long allowedRefetch() {
      return kills.size() * (INDEX_WINDOW + SLACK_PER_KILL);
    }

    /** The bytes fetched twice per kill, on average. */
    public long refetchedPerKill() {
      return kills.isEmpty() ? 0 : refetched / kills.size();
    }

    public boolean ok() {
      return expectedSha256.equals(sha256) && resumedAtFirstMissing && refetched <= allowedRefetch();
    }

    public String format() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("crash: %d kills, %d bytes (%.1f MiB) at %.2f MB/s, the store's default settings, seed 0x%x, %.1f s%n",
          kills.size(), config.size(), config.size() / 1048576.0, config.bytesPerSecond() / 1e6,
          config.seed(), elapsed.toMillis() / 1000.0));
      b.append(String.format("  %4s %12s %12s %12s %10s %10s%n", "kill", "reader at", "persisted", "then", "sent", "refetched"));
      for (int i = 0; i < kills.size(); i++) {
        Kill k = kills.get(i);
        b.append(String.format("  %4d %12d %12d %12d %10d %10d%n", i + 1, k.readerAt(), k.persistedBefore(), k.persistedAfter(),
            k.sent(), k.refetched()));
      }
      b.append(String.format("  refetched %d bytes in all, %d per kill (%.2f %% of the file; allowed %d = kills x (index window %d + slack %d))%n",
          refetched, refetchedPerKill(), 100.0 * refetched / config.size(), allowedRefetch(), INDEX_WINDOW, SLACK_PER_KILL));
      b.append(String.format("  served %d bytes for a %d-byte file; every restart resumed at the first missing byte: %s%n",
          totalSent, config.size(), resumedAtFirstMissing));
      b.append("  sha256 ").append(sha256).append(expectedSha256.equals(sha256) ? " = source" : " != source " + expectedSha256)
          .append('\n');
      return b.toString();
    }
  }

  public static Summary run(Config config, PrintStream progress) throws IOException, InterruptedException {
    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(config.seed());
    byte[] content = MediaServer.testContent(config.size(), config.seed());
    String expected = sha256(content);
    Path dir = Files.createTempDirectory("barbiton-crash");
    Path cache = dir.resolve("cache");
    List<Kill> kills = new ArrayList<>();
    boolean resumedRight = true;
    String sha;
    long sent;
    try (MediaServer server = MediaServer.start()) {
      server.serve("/big.bin", content).throttle(config.bytesPerSecond());
      String url = server.url("/big.bin");
      ResourceKey key = ResourceKey.forUrl(url);
      String[] args = {cache.toString(), url};
      for (int k = 0; k < config.kills(); k++) {
        long before = persisted(cache, key);
        int requestsBefore = server.requestCount();
        long sentBefore = server.bodyBytesSent();
        // Aim the kill somewhere in this child's share of what is left, so that all kills fit.
        long share = Math.max(1, (config.size() - before) * 2 / (config.kills() - k + 1));
        long killAt = before + 1 + random.nextLong(share);
        long readerAt = -1;
        try (ChildJava child = ChildJava.start(CrashDownloadMain.class, List.of("-Xmx256m"), args)) {
          for (String line; ; ) {
            line = child.nextLine(Duration.ofMinutes(2));
            if (line.equals(ChildJava.EOF) || !line.startsWith("at ")) {
              throw new AssertionError("child ended before its kill at " + killAt + ": " + line + "\n" + child.stderr());
            }
            readerAt = Long.parseLong(line.substring(3));
            if (readerAt >= killAt) break;
          }
          child.kill();
        }
        server.awaitIdle(Duration.ofSeconds(30)); // the dead child's connection is closed: counts are final
        long after = persisted(cache, key);
        long sentTo = server.bodyBytesSent() - sentBefore;
        kills.add(new Kill(readerAt, before, after, sentTo, sentTo - (after - before)));
        resumedRight &= resumedAt(server.requests(), requestsBefore, before);
        if (progress != null) progress.printf("crash: kill %d/%d at %d, persisted %d%n", k + 1, config.kills(), readerAt, after);
      }
      long before = persisted(cache, key);
      int requestsBefore = server.requestCount();
      try (ChildJava child = ChildJava.start(CrashDownloadMain.class, List.of("-Xmx256m"), args)) {
        String line;
        while ((line = child.nextLine(Duration.ofMinutes(5))).startsWith("at ")) {
          // reading to the end
        }
        if (!line.startsWith("sha256 ")) throw new AssertionError("child: " + line + "\n" + child.stderr());
        sha = line.split(" ")[1];
        int exit = child.await(Duration.ofMinutes(1));
        if (exit != 0) throw new AssertionError("child exited " + exit + "\n" + child.stderr());
      }
      resumedRight &= resumedAt(server.requests(), requestsBefore, before);
      server.awaitIdle(Duration.ofSeconds(30));
      sent = server.bodyBytesSent();
      String stored = storedSha256(cache, key, config.size());
      if (!stored.equals(sha)) sha = "child " + sha + ", store " + stored;
    } finally {
      ChaosRunner.deleteTree(dir);
    }
    long refetched = sent - config.size();
    return new Summary(config, List.copyOf(kills), sent, refetched, expected, sha, resumedRight,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Whether the first request since {@code from} asked for {@code persisted} on (with If-Range after the first byte). */
  private static boolean resumedAt(List<ServedRequest> requests, int from, long persisted) {
    if (requests.size() <= from) return false;
    ServedRequest first = requests.get(from);
    return ("bytes=" + persisted + "-").equals(first.header("Range")) && (persisted == 0) == (first.header("If-Range") == null);
  }

  /** The first byte the store has not persisted (sequential download: everything before it is there). */
  private static long persisted(Path cache, ResourceKey key) throws IOException {
    if (!Files.exists(cache)) return 0;
    try (AssetStore store = AssetStore.open(cache); AssetResource resource = store.acquire(key)) {
      return resource.available().firstMissing(0);
    }
  }

  private static String storedSha256(Path cache, ResourceKey key, int size) throws IOException {
    try (AssetStore store = AssetStore.open(cache); AssetResource resource = store.acquire(key)) {
      if (!resource.isCommitted() || resource.length().orElse(-1) != size) return "not committed at " + size;
      MessageDigest sha = digest();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      for (long at = 0; at < size; ) {
        buffer.clear();
        int n = resource.readAt(at, buffer);
        sha.update(buffer.array(), 0, n);
        at += n;
      }
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
