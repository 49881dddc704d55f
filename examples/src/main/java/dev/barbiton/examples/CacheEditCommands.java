package dev.barbiton.examples;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.CacheEntry;
import dev.barbiton.assets.ResourceKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barbiton cache ls | rm | keep | release | clear}: what the cache holds, and changing it.
 * Each opens the store on {@code --cache} (locking it: a running {@code serve} on the same
 * directory makes them exit 4), prints one line per resource it names (keys redacted) and closes
 * it. A resource named that is not there is a one-line message and exit 1.
 */
final class CacheEditCommands {
  private CacheEditCommands() {}

  /** The options every one of these takes. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--cache", paramLabel = "DIR", description = "cache directory (default: the user cache directory)")
    Path cache = Caches.defaultDirectory();

    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
      try (AssetStore store = CacheEntries.open(cache)) {
        return run(store, spec.commandLine().getOut());
      }
    }

    abstract int run(AssetStore store, PrintWriter out) throws Exception;

    /** The message and exit 1 for a name with nothing behind it. */
    int notCached(String arg) {
      spec.commandLine().getErr().println("barbiton: not in the cache: " + dev.barbiton.events.Redaction.text(arg));
      spec.commandLine().getErr().flush();
      return Failures.OTHER;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List the cached resources, the most recently used first: id, cached/length, complete or "
          + "partial, kept offline, last access, key (redacted).")
  static final class Ls extends Base {
    @Option(names = "--json", description = "one JSON object per resource, one a line")
    boolean json;

    @Override
    int run(AssetStore store, PrintWriter out) {
      List<CacheEntry> entries = store.entries();
      if (json) {
        for (CacheEntry e : entries) Json.print(out, true, CacheEntries.json(e));
      } else {
        for (CacheEntry e : entries) out.println(CacheEntries.line(e));
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Delete one cached resource, named by its URL, its custom key or the id cache ls shows.")
  static final class Remove extends Base {
    @Parameters(paramLabel = "URL|KEY|ID", description = "what to delete")
    String name;

    @Override
    int run(AssetStore store, PrintWriter out) {
      Optional<ResourceKey> key = CacheEntries.find(store, name);
      long bytes = key.map(store::cachedBytes).orElse(0L);
      if (key.isEmpty() || !store.remove(key.get())) return notCached(name);
      out.println("removed " + key.get().redacted() + " (" + Progress.bytes(bytes, "") + ")");
      out.flush();
      return 0;
    }
  }

  @Command(name = "keep", mixinStandardHelpOptions = true,
      description = "Keep a URL's resource offline: never evicted, across restarts, until cache release."
          + " Works before its download too.")
  static final class Keep extends Base {
    @Parameters(paramLabel = "URL|KEY|ID", description = "what to keep")
    String name;

    @Override
    int run(AssetStore store, PrintWriter out) throws Exception {
      ResourceKey key = CacheEntries.find(store, name).orElse(null);
      if (key == null) return notCached(name);
      store.keepOffline(key);
      out.println("kept offline " + key.redacted() + " (" + Progress.bytes(store.cachedBytes(key), "") + " cached)");
      out.flush();
      return 0;
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = "End cache keep: the resource is evicted again like any other.")
  static final class Release extends Base {
    @Parameters(paramLabel = "URL|KEY|ID", description = "what to release")
    String name;

    @Override
    int run(AssetStore store, PrintWriter out) throws Exception {
      Optional<ResourceKey> key = CacheEntries.find(store, name);
      if (key.isEmpty() || !store.release(key.get())) {
        spec.commandLine().getErr().println("barbiton: not kept offline: " + dev.barbiton.events.Redaction.text(name));
        spec.commandLine().getErr().flush();
        return Failures.OTHER;
      }
      out.println("released " + key.get().redacted());
      out.flush();
      return 0;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Delete every cached resource, kept offline or not.")
  static final class Clear extends Base {
    @Override
    int run(AssetStore store, PrintWriter out) {
      long bytes = store.stats().bytesUsed();
      int removed = store.clear();
      out.println("removed " + removed + " resources (" + Progress.bytes(bytes, "") + ")");
      out.flush();
      return 0;
    }
  }
}
