package dev.barbiton.file.reliability;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link SecretsTest}, with SLF4J at TRACE on stderr: downloads URLs full of
 * secrets (userinfo, query values, {@code Authorization} and {@code Cookie} headers) through every
 * failure the library reports, and prints every event and the whole stack trace of every failure
 * to stdout. The parent then looks for the secrets in both streams. Argument: a scratch directory.
 */
public final class SecretsMain {
  /** Every secret the scenarios use; none may appear in the child's output. */
  static final String[] SECRETS = {"u5er-SECRET", "pa55-SECRET", "QUERY-SECRET", "SIG-SECRET", "AUTH-SECRET",
      "COOKIE-SECRET", "HOP-SECRET", "KEY-SECRET"};

  private SecretsMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path dir = Path.of(args[0]);
    try (MediaServer server = MediaServer.start(); EventBus bus = EventBus.create()) {
      var all = bus.subscribe(SubscribeOptions.builder().capacity(1 << 16).build(), Runnable::run,
          (Event e) -> out.println("event " + e));
      byte[] content = MediaServer.testContent(200_000, 1);
      server.serve("/resume.mp4", content).next(Fault.disconnectAfter(10_000)).next(Fault.stallAfter(20_000));
      server.serve("/gone.mp4", content).always(Fault.status(404));
      server.serve("/down.mp4", content).always(Fault.status(503));
      server.serve("/portal.mp4", content).always(Fault.captivePortal());
      server.serve("/liar.mp4", content).always(Fault.shiftRange(7));
      server.serve("/hop.mp4", content).always(Fault.redirect("/resume.mp4?token=HOP-SECRET"));
      server.serve("/big.mp4", content);
      server.serve("/stalled.mp4", content).always(Fault.stallAfter(0));
      try (AssetStore store = AssetStore.builder(dir.resolve("cache")).maxBytes(100_000).eventBus(bus).open()) {
        FileSourceOptions options = FileSourceOptions.builder(store)
            .eventBus(bus)
            .header("Authorization", "Bearer AUTH-SECRET")
            .header("Cookie", "session=COOKIE-SECRET")
            .stallTimeout(Duration.ofMillis(300))
            .readTimeout(Duration.ofSeconds(10))
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build())
            .build();
        for (String path : new String[] {"/resume.mp4", "/gone.mp4", "/down.mp4", "/portal.mp4", "/liar.mp4", "/hop.mp4"}) {
          download(out, secretUrl(server, path), options);
        }
        download(out, secretUrl(server, "/big.mp4"), options.newBuilder().maxLength(1000).build());
        download(out, secretUrl(server, "/resume.mp4"),
            options.newBuilder().cacheKey(ResourceKey.of("https://cdn.example/x.mp4?key=KEY-SECRET")).build());
        // A read that times out while the server stalls: its message names the resource.
        try (FileSource source = FileSource.open(secretUrl(server, "/stalled.mp4"), options.newBuilder().readTimeout(Duration.ofMillis(100)).build())) {
          source.readAt(0, ByteBuffer.allocate(1));
        } catch (Exception e) {
          e.printStackTrace(out);
        }
        try {
          FileSource.open(URI.create("ftp://u5er-SECRET:pa55-SECRET@h/x?token=QUERY-SECRET"), options);
        } catch (IllegalArgumentException e) {
          e.printStackTrace(out);
        }
      }
      // Reopen: recovered and evicted resources are logged and published with their keys.
      try (AssetStore store = AssetStore.builder(dir.resolve("cache")).maxBytes(1).eventBus(bus).open()) {
        out.println("reopened " + store.keys());
        for (ResourceKey key : store.keys()) store.remove(key);
      }
      all.close();
    }
    out.println("done");
  }

  private static URI secretUrl(MediaServer server, String path) {
    return URI.create("http://u5er-SECRET:pa55-SECRET@127.0.0.1:" + server.port() + path
        + "?token=QUERY-SECRET&X-Amz-Signature=SIG-SECRET");
  }

  private static void download(PrintStream out, URI uri, FileSourceOptions options) throws Exception {
    try (FileSource source = FileSource.open(uri, options)) {
      out.println("source " + source.key() + " " + source.uri().getPath());
      DownloadOutcome outcome = source.completion().get(30, TimeUnit.SECONDS);
      out.println("outcome " + outcome);
      if (outcome instanceof DownloadOutcome.Failed failed) failed.cause().printStackTrace(out);
      try (InputStream in = source.newInputStream()) {
        in.readAllBytes();
      } catch (Exception e) {
        e.printStackTrace(out); // a read of what never came: its message names the resource
      }
      try {
        source.readAt(1L << 40, ByteBuffer.allocate(1));
      } catch (Exception e) {
        e.printStackTrace(out);
      }
    }
  }
}
