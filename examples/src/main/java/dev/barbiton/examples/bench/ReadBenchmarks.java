package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.assets.ResourceWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of reads from a complete cached resource: {@link AssetResource#readAt} against
 * {@link FileChannel#read(ByteBuffer, long)} of the same store's {@code <sha256>.data} file.
 *
 * <p>What makes the two comparable, and makes them measure reads rather than a CPU cache:
 *
 * <ul>
 *   <li>The same bytes: {@link #prepare} writes the resource once (256 MiB, 64 MiB quick: several
 *       times the 32 MiB last-level cache of the machines we measure on), commits it (which
 *       forces it to disk) and closes the store; every trial, of either side, opens that store.
 *       No trial writes, so no side runs beside the kernel's write-back of its own setup, and both
 *       find every page clean in the page cache: each trial first reads the whole file once.
 *   <li>The same destination: one page-aligned direct buffer per trial, allocated the same way on
 *       both sides (the channel's best case: no bounce through a temporary direct buffer), so the
 *       alignment of the copy is the same.
 *   <li>The same walk. {@code sequential*}: one operation reads the whole resource, from byte 0
 *       to its end, in 1 MiB reads into that one buffer; each MiB is touched once per operation,
 *       so a read finds its source in memory, not in a CPU cache. {@code random*}: one operation
 *       is one 4 KiB read at a 4 KiB-aligned position taken in turn from a seeded random
 *       permutation of every 4 KiB block of the resource, the same permutation on both sides:
 *       every block is read once before any is read again.
 *   <li>Both loop until the buffer is full, so each read moves exactly one buffer, and both return
 *       a byte of what they read, which JMH consumes.
 * </ul>
 *
 * <p>Public only because JMH's generated code needs it; run through {@link ReadBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmarks {
  static final int SEQUENTIAL_BYTES = 1 << 20;
  static final int RANDOM_BYTES = 4 << 10;
  private static final int PAGE = 4 << 10;
  static final ResourceKey KEY = ResourceKey.of("bench-read");

  /** The directory of a closed store holding the complete resource, made by {@link #prepare}. */
  @Param("")
  public String store;

  private AssetStore assets;
  private AssetResource resource;
  private FileChannel channel;
  private long size;
  private ByteBuffer sequential;
  private ByteBuffer random;
  /** The block index of each random read, in turn: a permutation of {@code [0, size / 4 KiB)}. */
  private int[] blocks;
  private int nextBlock;

  /**
   * Writes a complete resource of {@code sizeMiB} MiB of seeded random bytes into a new store at
   * {@code directory}, and closes the store. Its data file is forced to disk by the commit.
   */
  static void prepare(Path directory, int sizeMiB) throws IOException {
    if (sizeMiB < 1) throw new IllegalArgumentException("sizeMiB < 1: " + sizeMiB);
    long size = (long) sizeMiB << 20;
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open();
         AssetResource resource = store.acquire(KEY);
         ResourceWriter writer = resource.claimWriter()) {
      SplittableRandom random = new SplittableRandom(0xF111);
      byte[] chunk = new byte[SEQUENTIAL_BYTES];
      writer.setLength(size);
      for (long pos = 0; pos < size; pos += chunk.length) {
        random.nextBytes(chunk);
        writer.write(pos, ByteBuffer.wrap(chunk));
      }
      writer.commit(size);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (store.isEmpty()) throw new IllegalStateException("no store: run through ReadBench, which prepares one");
    Path directory = Path.of(store);
    assets = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open();
    resource = assets.acquire(KEY);
    size = resource.length().orElseThrow(() -> new IllegalStateException("no length: " + directory));
    if (!resource.isCommitted() || !resource.contains(0, size)) {
      throw new IllegalStateException("resource in " + directory + " is not complete");
    }
    channel = FileChannel.open(dataFile(directory), StandardOpenOption.READ);
    if (channel.size() != size) throw new IllegalStateException("data file holds " + channel.size() + " bytes, not " + size);
    if (size % SEQUENTIAL_BYTES != 0) throw new IllegalStateException("size not a multiple of 1 MiB: " + size);
    sequential = pageAligned(SEQUENTIAL_BYTES);
    random = pageAligned(RANDOM_BYTES);
    blocks = permutation((int) (size / RANDOM_BYTES), 0x5EED);
    nextBlock = 0;
    // The same page-cache state for both sides: every page read once, so resident and clean.
    for (long pos = 0; pos < size; pos += SEQUENTIAL_BYTES) {
      sequential.clear();
      while (sequential.hasRemaining()) channel.read(sequential, pos + sequential.position());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    channel.close();
    resource.close();
    assets.close();
  }

  /** Reads the whole resource in 1 MiB {@code readAt}s. */
  @Benchmark
  public int sequentialBarbiton() throws IOException {
    ByteBuffer dst = sequential;
    int consumed = 0;
    for (long pos = 0; pos < size; pos += SEQUENTIAL_BYTES) {
      dst.clear();
      while (dst.hasRemaining()) resource.readAt(pos + dst.position(), dst);
      consumed += dst.get(SEQUENTIAL_BYTES - 1);
    }
    return consumed;
  }

  /** Reads the whole file in 1 MiB positional channel reads. */
  @Benchmark
  public int sequentialFileChannel() throws IOException {
    ByteBuffer dst = sequential;
    int consumed = 0;
    for (long pos = 0; pos < size; pos += SEQUENTIAL_BYTES) {
      dst.clear();
      while (dst.hasRemaining()) channel.read(dst, pos + dst.position());
      consumed += dst.get(SEQUENTIAL_BYTES - 1);
    }
    return consumed;
  }

  @Benchmark
  public int randomBarbiton() throws IOException {
    ByteBuffer dst = random;
    long pos = nextRandom();
    dst.clear();
    while (dst.hasRemaining()) resource.readAt(pos + dst.position(), dst);
    return dst.get(RANDOM_BYTES - 1);
  }

  @Benchmark
  public int randomFileChannel() throws IOException {
    ByteBuffer dst = random;
    long pos = nextRandom();
    dst.clear();
    while (dst.hasRemaining()) channel.read(dst, pos + dst.position());
    return dst.get(RANDOM_BYTES - 1);
  }

  private long nextRandom() {
    int i = nextBlock;
    nextBlock = i + 1 == blocks.length ? 0 : i + 1;
    return (long) blocks[i] * RANDOM_BYTES;
  }

  /** {@code 0 .. n-1} shuffled by a generator seeded with {@code seed} (Fisher–Yates). */
  static int[] permutation(int n, long seed) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) values[i] = i;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }

  /** A direct buffer of {@code capacity} bytes whose first byte is at a page boundary. */
  static ByteBuffer pageAligned(int capacity) {
    ByteBuffer aligned = ByteBuffer.allocateDirect(capacity + PAGE).alignedSlice(PAGE);
    return aligned.limit(capacity).slice();
  }

  /** The store's one data file: {@code <sha256 of the key>.data}. */
  static Path dataFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> data = files.filter(f -> f.getFileName().toString().endsWith(".data")).collect(Collectors.toList());
      if (data.size() != 1) throw new IllegalStateException("expected one .data file in " + directory + ": " + data);
      return data.get(0);
    }
  }
}
