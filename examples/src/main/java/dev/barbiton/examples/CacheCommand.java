package dev.barbiton.examples;

import dev.barbiton.assets.AssetException;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.VerifyResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barbiton cache}: what the cache directory holds. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Look after the cache directory.",
    subcommands = {CacheEditCommands.Ls.class, CacheEditCommands.Remove.class, CacheEditCommands.Keep.class,
        CacheEditCommands.Release.class, CacheEditCommands.Clear.class, CacheCommand.Verify.class})
final class CacheCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code barbiton cache verify}: reads every cached block that has a checksum and compares the
   * two; bad blocks are dropped (the next download of their resource fetches them again). Prints
   * the blocks and bytes checked, the bad blocks found and dropped (per resource, key redacted),
   * the bytes no checksum covers, and the time and rate. Exit code 0 whether or not bad blocks
   * were found: finding and dropping them is the command's job.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every cached block against its checksum; drop the bad ones, to be fetched again.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
    Path cache = Caches.defaultDirectory();

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      long start = System.nanoTime();
      List<VerifyResult> results;
      try (AssetStore store = CacheEntries.open(cache)) {
        results = store.verifyAll();
      }
      long nanos = System.nanoTime() - start;
      long blocks = 0;
      long bytes = 0;
      long unchecked = 0;
      int badBlocks = 0;
      long badBytes = 0;
      List<Map<String, Object>> damaged = new ArrayList<>();
      for (VerifyResult r : results) {
        blocks += r.blocksChecked();
        bytes += r.bytesChecked();
        unchecked += r.bytesWithoutChecksum();
        badBlocks += r.badBlocks().size();
        badBytes += r.badBytes();
        if (r.badBlocks().isEmpty()) continue;
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("key", r.key().redacted());
        List<String> ranges = new ArrayList<>();
        for (ByteRange b : r.badBlocks()) ranges.add(b.start() + "-" + (b.end() - 1));
        one.put("badBlocks", ranges);
        damaged.add(one);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("cache", cache.toString());
      result.put("resources", results.size());
      result.put("blocksChecked", blocks);
      result.put("bytesChecked", bytes);
      result.put("badBlocks", badBlocks);
      result.put("bytesDropped", badBytes);
      result.put("bytesWithoutChecksum", unchecked);
      result.put("elapsedMs", nanos / 1_000_000);
      result.put("mbPerSecond", nanos == 0 ? 0 : Math.round(bytes * 1e3 / nanos));
      if (json) {
        result.put("damaged", damaged);
      } else {
        for (Map<String, Object> one : damaged) result.put("bad " + one.get("key"), one.get("badBlocks"));
      }
      Json.print(spec.commandLine().getOut(), json, result);
      return 0;
    }
  }
}
