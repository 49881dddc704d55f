package dev.barbiton.reliability;

import dev.barbiton.testing.ThreadDumps;
import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetriesExhaustedException;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One chaos scenario: a file served with one scripted {@link ChaosFault}, downloaded through a
 * {@link FileSource} while 1–3 readers seek and read at random, then checked.
 *
 * <p>The checks: every byte a reader got belongs to a version the server served at that offset;
 * the download ends within the deadline; it ends committed and byte-exact, or failed with {@link
 * RetriesExhaustedException} after exactly the policy's attempts; whatever stays cached is bytes
 * of exactly one version, the one whose ETag is stored with them; and a read of a byte that never
 * came fails at once, not after the read timeout.
 *
 * <p>Everything random derives from the scenario's seed, so a seed replays the same server script,
 * sizes and reader moves (thread timing aside).
 */
final class ChaosScenario {
  static final int ATTEMPTS = 3;
  static final Duration STALL_TIMEOUT = Duration.ofMillis(250);

  /** How one scenario ended; {@code problem} is null when every check held. */
  record Report(int index, long seed, ChaosFault fault, String script, ChaosRunner.Outcome outcome,
      int requests, long millis, String problem) {}

  private final MediaServer server;
  private final int connections;
  private final AssetStore store;
  private final int index;
  private final long seed;
  private final int minBytes;
  private final int maxBytes;
  private final Duration deadline;
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

  ChaosScenario(MediaServer server, AssetStore store, int index, long seed, int minBytes, int maxBytes, int connections,
      Duration deadline) {
    this.connections = connections;
    this.server = server;
    this.store = store;
    this.index = index;
    this.seed = seed;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
    this.deadline = deadline;
  }

  Report run() throws IOException, InterruptedException {
    long started = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    ChaosFault fault = ChaosFault.values()[r.nextInt(ChaosFault.values().length)];
    int size = minBytes + r.nextInt(maxBytes - minBytes + 1);
    byte[] v1 = MediaServer.testContent(size, r.nextLong());
    String path = "/chaos-" + index + "-" + Long.toHexString(seed);
    ChaosFault.Script script = fault.script(server, path, v1, r.split(), ATTEMPTS, STALL_TIMEOUT);
    Map<String, byte[]> versions = new HashMap<>();
    versions.put(script.media().etag(), v1);
    List<byte[]> candidates = script.replacement() == null ? List.of(v1) : List.of(v1, script.replacement());
    int requestsBefore = script.requests();

    FileSourceOptions options = FileSourceOptions.builder(store)
        .acceptAnyContent(true) // random bytes served as media; the content check has tests of its own
        .stallTimeout(STALL_TIMEOUT)
        .readTimeout(deadline)
        .lookAhead(64 << 10)
        .connections(connections)
        .retryPolicy(RetryPolicy.builder().maxAttempts(ATTEMPTS)
            .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(40)).build())
        .build();
    ChaosRunner.Outcome outcome = ChaosRunner.Outcome.HUNG;
    FileSource source = FileSource.open(server.uri(script.entryPath()), options);
    try {
      int readerCount = 1 + r.nextInt(3);
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < readerCount; i++) {
        SplittableRandom moves = r.split();
        Thread reader = new Thread(() -> read(source, moves, size, candidates), "chaos-" + index + "-reader-" + i);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
      }
      DownloadOutcome result;
      try {
        result = source.completion().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        problems.add("no outcome within " + deadline.toMillis() + " ms: hung\n" + ThreadDumps.all());
        return report(fault, script, outcome, requestsBefore, started);
      }
      long joinBy = System.nanoTime() + deadline.toNanos();
      for (Thread reader : readers) {
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        if (reader.isAlive()) {
          problems.add(reader.getName() + " still reading " + deadline.toMillis() + " ms after the outcome: hung\n" + ThreadDumps.all());
          return report(fault, script, outcome, requestsBefore, started);
        }
      }
      if (script.replacement() != null && !script.media().etag().equals(versions.keySet().iterator().next())) {
        versions.put(script.media().etag(), script.replacement());
      }
      outcome = check(result, source, versions);
    } finally {
      source.close();
    }
    try {
      store.remove(source.key());
    } catch (IllegalStateException e) {
      problems.add("resource still open after its source closed: " + e.getMessage());
    }
    return report(fault, script, outcome, requestsBefore, started);
  }

  private Report report(ChaosFault fault, ChaosFault.Script script, ChaosRunner.Outcome outcome, int requestsBefore, long started) {
    String problem = problems.isEmpty() ? null : String.join("\n", problems);
    return new Report(index, seed, fault, script.description(), outcome,
        script.requests() - requestsBefore, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), problem);
  }

  /** A reader: seeks at random, reads a little, checks every byte against the versions served. */
  private void read(FileSource source, SplittableRandom moves, int size, List<byte[]> candidates) {
    try (SeekableByteChannel channel = source.newChannel()) {
      ByteBuffer dst = ByteBuffer.allocate(64 << 10);
      int reads = 2 + moves.nextInt(12);
      for (int i = 0; i < reads; i++) {
        long pos = moves.nextInt(4) == 0 ? channel.position() : moves.nextInt(size);
        channel.position(pos);
        dst.clear().limit(1 + moves.nextInt(dst.capacity()));
        int n = channel.read(dst);
        if (n < 0) continue;
        if (!matchesAVersion(candidates, pos, dst.array(), n)) {
          problems.add(Thread.currentThread().getName() + " read " + n + " bytes at " + pos + " that no served version has");
          return;
        }
      }
    } catch (ResourceFailedException e) {
      // The download gave up: an expected end for a reader of bytes that never came.
    } catch (IOException | RuntimeException e) {
      problems.add(Thread.currentThread().getName() + " failed: " + e);
    }
  }

  private static boolean matchesAVersion(List<byte[]> candidates, long pos, byte[] read, int n) {
    for (byte[] v : candidates) {
      if (pos + n <= v.length && Arrays.equals(read, 0, n, v, (int) pos, (int) pos + n)) return true;
    }
    return false;
  }

  /** Checks the end state; returns the outcome's kind. */
  private ChaosRunner.Outcome check(DownloadOutcome result, FileSource source, Map<String, byte[]> versions) throws IOException {
    ChaosRunner.Outcome outcome;
    if (result instanceof DownloadOutcome.Finished) {
      outcome = ChaosRunner.Outcome.COMMITTED;
    } else if (result instanceof DownloadOutcome.Failed failed) {
      outcome = ChaosRunner.Outcome.FAILED;
      if (!(failed.cause() instanceof RetriesExhaustedException exhausted)) {
        problems.add("failed with " + failed.cause() + ", not after the retry policy ran out");
      } else if (exhausted.attempts() != ATTEMPTS) {
        problems.add("gave up after " + exhausted.attempts() + " attempts, not " + ATTEMPTS + ": " + exhausted);
      }
    } else {
      problems.add("outcome " + result + " though nobody closed the source");
      return ChaosRunner.Outcome.HUNG;
    }
    try (AssetResource resource = store.acquire(source.key())) {
      var available = resource.available();
      if (available.isEmpty()) {
        if (outcome == ChaosRunner.Outcome.COMMITTED) problems.add("committed with no bytes");
        return outcome;
      }
      String etag = resource.metadata().etag().orElse(null);
      byte[] version = versions.get(etag);
      if (version == null) {
        problems.add("cached bytes carry ETag " + etag + ", not one of the versions served " + versions.keySet());
        return outcome;
      }
      if (outcome == ChaosRunner.Outcome.COMMITTED) {
        if (!resource.isCommitted() || resource.length().orElse(-1) != version.length) {
          problems.add("finished but committed=" + resource.isCommitted() + " length=" + resource.length()
              + ", version " + etag + " has " + version.length + " bytes");
        }
      } else if (resource.isCommitted()) {
        problems.add("failed but committed");
      }
      ByteBuffer dst = ByteBuffer.allocate(256 << 10);
      for (ByteRange range : available.ranges()) {
        for (long at = range.start(); at < range.end(); ) {
          dst.clear().limit((int) Math.min(dst.capacity(), range.end() - at));
          int n = resource.readAt(at, dst, Duration.ofSeconds(5));
          if (at + n > version.length || !Arrays.equals(dst.array(), 0, n, version, (int) at, (int) at + n)) {
            problems.add("cached bytes at " + at + ".." + (at + n) + " are not version " + etag + "'s: a corrupt or mixed "
                + (outcome == ChaosRunner.Outcome.COMMITTED ? "commit" : "cache"));
            return outcome;
          }
          at += n;
        }
      }
      if (outcome == ChaosRunner.Outcome.FAILED) {
        long missing = available.firstMissing(0);
        long started = System.nanoTime();
        try {
          resource.readAt(missing, ByteBuffer.allocate(1), deadline);
          if (resource.length().orElse(Long.MAX_VALUE) > missing) problems.add("byte " + missing + " of a failed download was readable");
        } catch (ResourceFailedException expected) {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          if (millis > 1000) problems.add("a read of a missing byte took " + millis + " ms to learn the download failed");
        }
      }
    }
    return outcome;
  }
}
