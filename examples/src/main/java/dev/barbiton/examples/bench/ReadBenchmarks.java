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
 * {@link FileChannel#read(ByteBuffer, long)} of the same store's {@code <sha256>.data} file. Both
 * read into direct buffers (the channel's best case: no bounce through a temporary direct buffer),
 * and both loop until the buffer is full, so each operation moves exactly one buffer.
 *
 * <p>Sequential reads walk the resource in 1 MiB steps, wrapping at the end; random reads take 4
 * KiB at 4 KiB-aligned positions from a seeded generator, the same sequence for both. The
 * resource is written once per trial into a temporary store, which the trial deletes.
 *
 * <p>Public only because JMH's generated code needs it; run through {@link ReadBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmarks {
  static final int SEQUENTIAL_BYTES = 1 << 20;
  static final int RANDOM_BYTES = 4 << 10;

  /** The resource's size in MiB: a multiple of the sequential read. */
  @Param("256")
  public int sizeMiB;

  /**
   * Where to make the trial's temporary store: the run's own temporary directory, so that the run
   * deletes it even if a forked JVM dies before its tear-down; empty for {@code java.io.tmpdir}.
   */
  @Param("")
  public String parent;

  private Path directory;
  private AssetStore store;
  private AssetResource resource;
  private FileChannel channel;
  private long size;

  /** One reader's buffers and positions. */
  @State(Scope.Thread)
  public static class Reader {
    final ByteBuffer sequential = ByteBuffer.allocateDirect(SEQUENTIAL_BYTES);
    final ByteBuffer random = ByteBuffer.allocateDirect(RANDOM_BYTES);
    final SplittableRandom positions = new SplittableRandom(0x5EED);
    long next;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    size = (long) sizeMiB << 20;
    directory = parent.isEmpty()
        ? Files.createTempDirectory("barbiton-bench-read-")
        : Files.createTempDirectory(Path.of(parent), "read-");
    store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open();
    resource = store.acquire(ResourceKey.of("bench-read"));
    SplittableRandom random = new SplittableRandom(0xF111);
    byte[] chunk = new byte[SEQUENTIAL_BYTES];
    try (ResourceWriter writer = resource.claimWriter()) {
      writer.setLength(size);
      for (long pos = 0; pos < size; pos += chunk.length) {
        random.nextBytes(chunk);
        writer.write(pos, ByteBuffer.wrap(chunk));
      }
      writer.commit(size);
    }
    channel = FileChannel.open(dataFile(directory), StandardOpenOption.READ);
    if (channel.size() != size) throw new IllegalStateException("data file holds " + channel.size() + " bytes, not " + size);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    channel.close();
    resource.close();
    store.close();
    BenchContext.delete(directory);
  }

  @Benchmark
  public int sequentialBarbiton(Reader reader) throws IOException {
    ByteBuffer dst = reader.sequential;
    long pos = nextSequential(reader);
    dst.clear();
    while (dst.hasRemaining()) resource.readAt(pos + dst.position(), dst);
    return dst.get(0);
  }

  @Benchmark
  public int sequentialFileChannel(Reader reader) throws IOException {
    ByteBuffer dst = reader.sequential;
    long pos = nextSequential(reader);
    dst.clear();
    while (dst.hasRemaining()) channel.read(dst, pos + dst.position());
    return dst.get(0);
  }

  @Benchmark
  public int randomBarbiton(Reader reader) throws IOException {
    ByteBuffer dst = reader.random;
    long pos = nextRandom(reader);
    dst.clear();
    while (dst.hasRemaining()) resource.readAt(pos + dst.position(), dst);
    return dst.get(0);
  }

  @Benchmark
  public int randomFileChannel(Reader reader) throws IOException {
    ByteBuffer dst = reader.random;
    long pos = nextRandom(reader);
    dst.clear();
    while (dst.hasRemaining()) channel.read(dst, pos + dst.position());
    return dst.get(0);
  }

  private long nextSequential(Reader reader) {
    long pos = reader.next;
    reader.next = pos + SEQUENTIAL_BYTES >= size ? 0 : pos + SEQUENTIAL_BYTES;
    return pos;
  }

  private long nextRandom(Reader reader) {
    return reader.positions.nextLong(size / RANDOM_BYTES) * RANDOM_BYTES;
  }

  /** The store's one data file: {@code <sha256 of the key>.data}. */
  private static Path dataFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> data = files.filter(f -> f.getFileName().toString().endsWith(".data")).collect(Collectors.toList());
      if (data.size() != 1) throw new IllegalStateException("expected one .data file in " + directory + ": " + data);
      return data.get(0);
    }
  }
}
