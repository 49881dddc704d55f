package dev.barbiton.examples.bench;

import dev.barbiton.assets.AssetResource;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.VerifyResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
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
 * JMH benchmarks of what block checksums cost a reader, on the resource {@link ReadBenchmarks}
 * prepares: {@code sequentialFirstRead} is the sequential read of {@link
 * ReadBenchmarks#sequentialBarbiton} in a store opened just before (as after a restart), so that
 * every 64 KiB block is checked against its CRC32C as the read first reaches it; {@code verify} is
 * {@link AssetStore#verify} of the whole resource. Each operation gets a store of its own, opened
 * and closed outside the measured time (closing writes the index).
 *
 * <p>Public only because JMH's generated code needs it; run through {@link ReadBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CheckedReadBenchmarks {
  /** The directory of a closed store holding the complete resource, made by {@link ReadBenchmarks#prepare}. */
  @Param("")
  public String store;

  private AssetStore assets;
  private AssetResource resource;
  private long size;
  private ByteBuffer sequential;

  @Setup(Level.Trial)
  public void warm() throws IOException {
    if (store.isEmpty()) throw new IllegalStateException("no store: run through ReadBench, which prepares one");
    sequential = ReadBenchmarks.pageAligned(ReadBenchmarks.SEQUENTIAL_BYTES);
    // The same page-cache state as ReadBenchmarks: every page of the data file read once.
    try (FileChannel channel = FileChannel.open(ReadBenchmarks.dataFile(Path.of(store)), StandardOpenOption.READ)) {
      for (long pos = 0; pos < channel.size(); pos += ReadBenchmarks.SEQUENTIAL_BYTES) {
        sequential.clear();
        while (sequential.hasRemaining() && channel.read(sequential, pos + sequential.position()) > 0) {
          // to the end of this MiB
        }
      }
    }
  }

  /** A store as after a restart: nothing checked yet. */
  @Setup(Level.Invocation)
  public void open() throws IOException {
    assets = AssetStore.builder(Path.of(store)).maxBytes(Long.MAX_VALUE).open();
    resource = assets.acquire(ReadBenchmarks.KEY);
    size = resource.length().orElseThrow(() -> new IllegalStateException("no length: " + store));
  }

  @TearDown(Level.Invocation)
  public void close() throws IOException {
    resource.close();
    assets.close();
  }

  /** Reads the whole resource in 1 MiB {@code readAt}s, checking every block on the way. */
  @Benchmark
  public int sequentialFirstRead() throws IOException {
    ByteBuffer dst = sequential;
    int consumed = 0;
    for (long pos = 0; pos < size; pos += ReadBenchmarks.SEQUENTIAL_BYTES) {
      dst.clear();
      while (dst.hasRemaining()) resource.readAt(pos + dst.position(), dst);
      consumed += dst.get(ReadBenchmarks.SEQUENTIAL_BYTES - 1);
    }
    return consumed;
  }

  /** Checks every block of the resource. */
  @Benchmark
  public long verify() throws IOException {
    VerifyResult result = assets.verify(ReadBenchmarks.KEY);
    if (!result.badBlocks().isEmpty() || result.bytesChecked() != size) throw new IllegalStateException(result.toString());
    return result.bytesChecked();
  }
}
