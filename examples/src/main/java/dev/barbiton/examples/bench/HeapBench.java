package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code heap}: the Java heap in use while {@link FileSource} downloads a large resource (4 GiB;
 * 256 MiB with {@code --quick}) over loopback from a {@link SyntheticServer}, with one reader
 * reading it through a channel as it arrives. Every 100 ms a sampler calls {@link
 * MemoryMXBean#gc()} and reads {@link MemoryMXBean#getHeapMemoryUsage()}: the heap that is live,
 * not garbage waiting to be collected. The baseline is the same reading just before the download;
 * the figure is the largest sample minus the baseline, in MB, and the ratio column is that growth
 * divided by the resource size: the cache keeps the bytes in mapped files, so it should stay flat,
 * near 0, whatever the size.
 */
final class HeapBench {
  static final String NAME = "heap";
  private static final long SAMPLE_MILLIS = 100;

  private HeapBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    long size = context.pick(256L << 20, 4L << 30);
    int iterations = 3;
    context.progress(NAME + ": " + (size >> 20) + " MiB through FileSource, heap sampled every 100 ms, "
        + iterations + " iterations");
    double[] growth = new double[iterations];
    double[] before = new double[iterations];
    try (SyntheticServer server = SyntheticServer.start(size, 0x4EA9)) {
      for (int i = 0; i < iterations; i++) {
        long[] heap = downloadOnce(context, server, size);
        before[i] = heap[0] / 1e6;
        growth[i] = Math.max(0, heap[1] - heap[0]) / 1e6;
      }
    }
    double sizeMb = size / 1e6;
    double worst = 0;
    for (double g : growth) worst = Math.max(worst, g);
    Spread growthSpread = Spread.of(growth);
    Spread beforeSpread = Spread.of(before);
    return List.of(new Figure(NAME, "heap growth", growthSpread.median(), growthSpread, beforeSpread.median(),
        beforeSpread, growthSpread.median() / sizeMb, "MB", iterations, "heap in use before the download",
        String.format("ratio = growth / resource size (%.0f MB), not barbiton/baseline; worst iteration %.3f MB;"
            + " live heap after MemoryMXBean.gc() every %d ms", sizeMb, worst, SAMPLE_MILLIS), false, false));
  }

  /** Returns {heap before, largest heap sampled during the download}, in bytes. */
  private static long[] downloadOnce(BenchContext context, SyntheticServer server, long size) throws Exception {
    Path directory = context.newDirectory("heap-cache");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      long before = liveHeap(memory);
      Sampler sampler = new Sampler(memory);
      sampler.start();
      try (FileSource source = FileSource.open(server.uri(), FileSourceOptions.builder(store).build())) {
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> readAll(source, server));
        DownloadOutcome outcome = source.completion().get(600, TimeUnit.SECONDS);
        if (!(outcome instanceof DownloadOutcome.Finished finished) || finished.length() != size) {
          throw new IOException("download of " + size + " bytes ended " + outcome);
        }
        long read = reader.get(60, TimeUnit.SECONDS);
        if (read != size) throw new IOException("reader read " + read + " bytes of " + size);
      } finally {
        sampler.interrupt();
        sampler.join(10_000);
      }
      return new long[] {before, Math.max(sampler.max, liveHeap(memory))};
    } finally {
      BenchContext.delete(directory);
    }
  }

  /** Reads the source to its end as it downloads, checking the first byte of every read. */
  private static long readAll(FileSource source, SyntheticServer server) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 << 10);
    long pos = 0;
    try (SeekableByteChannel channel = source.newChannel()) {
      int n;
      while ((n = channel.read(buffer)) >= 0) {
        if (n > 0 && buffer.get(0) != server.byteAt(pos)) throw new IOException("wrong byte at " + pos);
        pos += n;
        buffer.clear();
      }
      return pos;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long liveHeap(MemoryMXBean memory) {
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Samples the live heap every 100 ms until interrupted; {@link #max} is read after join. */
  private static final class Sampler extends Thread {
    private final MemoryMXBean memory;
    long max;

    Sampler(MemoryMXBean memory) {
      super("bench-heap-sampler");
      setDaemon(true);
      this.memory = memory;
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        max = Math.max(max, liveHeap(memory));
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
