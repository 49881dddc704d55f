package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.assets.ResourceWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code store-open} (ms): {@code AssetStore.open} of a cache directory holding 10,000 complete
 * resources (2,000 quick) of 4 KiB each, against listing that directory with {@code
 * Files.list} and reading every index file whole with {@code Files.readAllBytes}: the least any
 * open that trusts its indexes must do. Both from the page cache, a full GC before each, the sides
 * taking turns going first. Lower is better. A second line, {@code store-open fds}, counts the
 * file descriptors the open store holds (from {@code /proc/self/fd}, Linux only) against one per
 * resource, what a store that keeps every restored resource open would hold.
 */
final class StoreOpenBench {
  static final String NAME = "store-open";
  private static final int SIZE = 4096;

  private StoreOpenBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int count = context.pick(2_000, 10_000);
    int iterations = context.pick(5, 11);
    Path dir = context.newDirectory(NAME);
    context.progress(NAME + ": writing " + count + " resources");
    fill(dir, count);
    double[] open = new double[iterations];
    double[] raw = new double[iterations];
    double[] fds = new double[iterations];
    measureOpen(dir, count); // warm-up, both sides
    measureRaw(dir);
    context.progress(NAME + ": " + iterations + " iterations");
    for (int i = 0; i < iterations; i++) {
      if (i % 2 == 0) {
        long[] m = measureOpen(dir, count);
        open[i] = m[0] / 1e6;
        fds[i] = m[1];
        raw[i] = measureRaw(dir) / 1e6;
      } else {
        raw[i] = measureRaw(dir) / 1e6;
        long[] m = measureOpen(dir, count);
        open[i] = m[0] / 1e6;
        fds[i] = m[1];
      }
      context.detail(String.format("open %.1f ms (%d fds), raw %.1f ms", open[i], (long) fds[i], raw[i]));
    }
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.of(NAME, NAME + " " + count, open, raw, "ms", "Files.list + readAllBytes of each index",
        "goal ≤ 200 ms at 10,000"));
    if (fds[0] >= 0) {
      figures.add(Figure.computed(NAME, NAME + " fds", fds, count, "fds", "one per resource",
          "descriptors the open store holds"));
    }
    return figures;
  }

  /** Complete resources written through the store, on several threads: each commit forces twice. */
  private static void fill(Path dir, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (AssetStore store = AssetStore.builder(dir).maxBytes(Long.MAX_VALUE).open()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < count; i += 16) {
            try (AssetResource r = store.acquire(ResourceKey.of("resource-" + i)); ResourceWriter w = r.claimWriter()) {
              w.write(0, ByteBuffer.allocate(SIZE));
              w.commit(SIZE);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Nanoseconds to open the store, and the descriptors it holds once open (-1 where not countable). */
  private static long[] measureOpen(Path dir, int count) throws IOException {
    System.gc();
    long before = descriptors();
    long start = System.nanoTime();
    try (AssetStore store = AssetStore.open(dir)) {
      long nanos = System.nanoTime() - start;
      long held = before < 0 ? -1 : descriptors() - before;
      if (store.stats().resources() != count) {
        throw new IllegalStateException("store holds " + store.stats().resources() + " resources, not " + count);
      }
      return new long[] {nanos, held};
    }
  }

  private static long measureRaw(Path dir) throws IOException {
    System.gc();
    long start = System.nanoTime();
    long bytes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(".idx")) bytes += Files.readAllBytes(file).length;
      }
    }
    if (bytes == 0) throw new IllegalStateException("no index in " + dir);
    return System.nanoTime() - start;
  }

  private static long descriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) return -1;
    try (Stream<Path> list = Files.list(fds)) {
      return list.count();
    }
  }
}
