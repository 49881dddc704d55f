package dev.barbiton.reliability;

import dev.barbiton.testing.ThreadDumps;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency and eviction: {@code sources} workers, each opening a source on one of {@code
 * sources} files, reading it with {@code readersPerSource} readers seeking at random, and closing
 * it, round after round. Each round the workers share a random "hot" set of 3 in 8 files (so
 * sources on one file share its download) while the others lie closed; the store is bounded at
 * half the total size, so closed files are evicted while the hot ones are read, and a file evicted
 * in one round downloads again when it is hot in a later one.
 *
 * <p>The rules: no reader ever reads a wrong byte or fails; no open resource is ever evicted (what
 * is available while a source is open never shrinks); nothing deadlocks (the run ends within its
 * deadline, else the problem carries a thread dump).
 */
public final class EvictionRunner {
  private EvictionRunner() {}

  /**
   * @param sources files (each with its worker)
   * @param readersPerSource readers of each open source
   * @param size bytes per file
   * @param rounds times each worker opens, reads and closes its file
   * @param readsPerReader random reads per reader per round
   * @param seed positions and sizes of the reads
   * @param deadline the whole run's
   */
  public record Config(int sources, int readersPerSource, int size, int rounds, int readsPerReader, long seed, Duration deadline) {
    /** 8 files, 8 readers each (64 readers). */
    public static Config of(int size, int rounds, int readsPerReader, long seed, Duration deadline) {
      return new Config(8, 8, size, rounds, readsPerReader, seed, deadline);
    }
  }

  public record Summary(Config config, long reads, long bytesRead, long evictions, long bodyBytesServed, List<String> problems,
      Duration elapsed) {
    public boolean ok() {
      return problems.isEmpty();
    }

    public String format() {
      long total = (long) config.sources() * config.size();
      StringBuilder b = new StringBuilder(String.format(
          "eviction: %d sources x %d readers, %d bytes each, store bounded at %d, %d rounds, seed 0x%x, %.1f s%n",
          config.sources(), config.readersPerSource(), config.size(), total / 2, config.rounds(), config.seed(),
          elapsed.toMillis() / 1000.0));
      b.append(String.format("  %d reads (%d bytes) all correct: %s; %d evictions; served %d bytes (%.1f x the files)%n",
          reads, bytesRead, problems.isEmpty(), evictions, bodyBytesServed, (double) bodyBytesServed / total));
      for (String p : problems) b.append("  PROBLEM ").append(p).append('\n');
      return b.toString();
    }
  }

  public static Summary run(Config config, PrintStream progress) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory("barbiton-eviction");
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicLong reads = new AtomicLong();
    AtomicLong bytesRead = new AtomicLong();
    long evictions;
    long served;
    long total = (long) config.sources() * config.size();
    try (MediaServer server = MediaServer.start();
        AssetStore store = AssetStore.builder(dir.resolve("cache")).maxBytes(total / 2).windowSize(1 << 20).open()) {
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < config.sources(); i++) {
        byte[] content = MediaServer.testContent(config.size(), config.seed() + i);
        contents.add(content);
        server.serve("/file-" + i, content).throttle(64L << 20);
      }
      FileSourceOptions options = FileSourceOptions.builder(store)
          .readTimeout(config.deadline())
          .stallTimeout(Duration.ofSeconds(5))
          .lookAhead(256 << 10)
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)).build())
          .build();
      CountDownLatch done = new CountDownLatch(config.sources());
      Phaser rounds = new Phaser(config.sources());
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < config.sources(); i++) {
        int workerIndex = i;
        SplittableRandom random = new SplittableRandom(config.seed() * 31 + i);
        Thread worker = new Thread(() -> {
          try {
            for (int round = 0; round < config.rounds() && problems.isEmpty(); round++) {
              int[] hot = hotSet(config, round);
              int file = hot[workerIndex % hot.length];
              session(server, options, file, contents.get(file), random.split(), config, problems, reads, bytesRead);
              // Every worker closes its source before the next round picks new hot files: a
              // barrier, so that the closed files really lie closed together (and get evicted).
              rounds.awaitAdvanceInterruptibly(rounds.arrive(), config.deadline().toNanos(), TimeUnit.NANOSECONDS);
            }
          } catch (Exception | AssertionError e) {
            problems.add("worker " + workerIndex + " failed: " + e);
          } finally {
            rounds.arriveAndDeregister();
            done.countDown();
          }
        }, "eviction-worker-" + i);
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
      long deadlineNanos = config.deadline().toNanos();
      for (long lastReads = -1; !done.await(Math.min(deadlineNanos, TimeUnit.SECONDS.toNanos(5)), TimeUnit.NANOSECONDS); ) {
        if (System.nanoTime() - started > deadlineNanos) {
          problems.add("not done within " + config.deadline() + ": a deadlock or a hang\n" + ThreadDumps.all());
          break;
        }
        if (progress != null && reads.get() != lastReads) progress.printf("eviction: %d reads%n", lastReads = reads.get());
      }
      evictions = store.stats().evictions();
      served = server.bodyBytesSent();
    } finally {
      ChaosRunner.deleteTree(dir);
    }
    return new Summary(config, reads.get(), bytesRead.get(), evictions, served, List.copyOf(problems),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** The files read in {@code round}: 3 in 8 of them, at random. */
  private static int[] hotSet(Config config, int round) {
    int[] all = new int[config.sources()];
    for (int i = 0; i < all.length; i++) all[i] = i;
    SplittableRandom r = new SplittableRandom(config.seed() + 1000L * round);
    for (int i = all.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, Math.max(1, config.sources() * 3 / 8));
  }

  /** Opens the file, lets its readers loose, watches that nothing shrinks, closes it. */
  private static void session(MediaServer server, FileSourceOptions options, int file, byte[] content, SplittableRandom random,
      Config config, ConcurrentLinkedQueue<String> problems, AtomicLong reads, AtomicLong bytesRead) throws Exception {
    try (FileSource source = FileSource.open(server.uri("/file-" + file), options)) {
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < config.readersPerSource(); r++) {
        SplittableRandom moves = random.split();
        Thread reader = new Thread(() -> {
          try (SeekableByteChannel channel = source.newChannel()) {
            ByteBuffer dst = ByteBuffer.allocate(64 << 10);
            long seen = 0;
            for (int i = 0; i < config.readsPerReader(); i++) {
              long pos = moves.nextInt(content.length);
              dst.clear().limit(1 + moves.nextInt(dst.capacity()));
              int n = channel.position(pos).read(dst);
              if (n <= 0 || !Arrays.equals(dst.array(), 0, n, content, (int) pos, (int) pos + n)) {
                problems.add("file " + file + ": read at " + pos + " returned " + n + " wrong bytes");
                return;
              }
              reads.incrementAndGet();
              bytesRead.addAndGet(n);
              long available = source.available().totalBytes();
              if (available < seen) {
                problems.add("file " + file + " shrank from " + seen + " to " + available + " bytes while open: evicted in use");
                return;
              }
              seen = available;
            }
          } catch (IOException | RuntimeException e) {
            problems.add("file " + file + ": reader failed: " + e);
          }
        }, "eviction-reader-" + file + "-" + r);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
      }
      for (Thread reader : readers) reader.join();
    }
  }
}
