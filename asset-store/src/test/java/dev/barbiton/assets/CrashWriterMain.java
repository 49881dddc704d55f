package dev.barbiton.assets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM by {@link CrashResumeTest}: writes a resource in random order, flushing
 * periodically and printing {@code flushed <bytes claimed>} after each explicit flush, until it is
 * killed. Arguments: directory, seed, size.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long size = Long.parseLong(args[2]);
    try (AssetStore store = AssetStore.builder(dir).flushBytes(1 << 20).flushInterval(Duration.ofMillis(50)).open();
        AssetResource resource = store.acquire(ResourceKey.of("crash"));
        ResourceWriter writer = resource.claimWriter()) {
      List<long[]> chunks = ConcurrentReadWriteTest.randomChunks(new Random(seed), size);
      int i = 0;
      for (long[] chunk : chunks) {
        if (resource.contains(chunk[0], chunk[1])) continue; // resumed: already have it
        writer.write(chunk[0], Pattern.buffer(seed, chunk[0], (int) chunk[1]));
        if (++i % 16 == 0) {
          writer.flush();
          System.out.println("flushed " + writer.available().totalBytes());
        }
      }
      writer.commit(size);
      System.out.println("committed");
      System.in.read(); // wait to be killed or released
    }
  }
}
