package dev.barbiton.assets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a child JVM by {@link PowerLossTest}: writes a resource of known length from byte 0 in
 * 16 KiB writes at a steady pace (at most 3.2 MB/s), printing {@code wrote <end>} after each write returns, until it
 * is killed. Mode {@code defaults}: the store's default settings; {@code no-force}: default index
 * cadence, but nothing is ever forced (what a power loss before the first force leaves). Arguments:
 * directory, seed, size, mode.
 */
public final class SteadyWriterMain {
  private static final int CHUNK = 16 << 10;
  /** At most 3.2 MB/s. */
  private static final long PACE_NANOS = 5_000_000;

  private SteadyWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long size = Long.parseLong(args[2]);
    AssetStore.Builder builder = AssetStore.builder(dir);
    if (args[3].equals("no-force")) builder.flushBytes(Long.MAX_VALUE).flushInterval(Duration.ofDays(365));
    try (AssetStore store = builder.open();
        AssetResource resource = store.acquire(ResourceKey.of("steady"));
        ResourceWriter writer = resource.claimWriter()) {
      writer.setLength(size);
      for (long at = 0; at < size; at += CHUNK) {
        writer.write(at, Pattern.buffer(seed, at, (int) Math.min(CHUNK, size - at)));
        System.out.println("wrote " + Math.min(size, at + CHUNK));
        // A pace: the kill lands mid-stream, and 256 KiB take longer than the index's 20 ms gap.
        LockSupport.parkNanos(PACE_NANOS);
      }
      System.out.println("done");
      System.in.read(); // wait to be killed
    }
  }
}
