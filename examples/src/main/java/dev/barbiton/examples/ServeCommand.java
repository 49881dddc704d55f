package dev.barbiton.examples;

import dev.barbiton.events.Redaction;
import dev.barbiton.server.LoopbackServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barbiton serve URL…}: a loopback server with one local URL per source, printed on stdout
 * (with {@code --json}, one object per line: {@code url}, redacted, and {@code local}), serving
 * from the cache while each downloads, until interrupted (Ctrl-C, or an interrupt of the thread
 * running it). All sources share one store; a URL given twice gets two tokens on one download.
 * With {@code --status-api}, the server's status API is on, and the first line says where and
 * with which token (JSON: {@code statusApi} and {@code token}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve each URL at a local http://127.0.0.1 URL that any player (VLC, mpv, ffmpeg, a browser) can open,"
        + " from the cache while it downloads; prints one local URL per line and serves until interrupted.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "URL", description = "http(s) URLs to serve")
  List<URI> urls;

  @Option(names = "--port", paramLabel = "P", description = "listen on this port of 127.0.0.1 (default: a free port)")
  int port;

  @Option(names = "--status-api", description = "turn on the status API (/api/v1/…) behind a new token; the first"
      + " line gives its URL and the token")
  boolean statusApi;

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) throw new ParameterException(spec.commandLine(), "--port not in 0-65535: " + port);
    if (common.request.trust.insecure && urls.stream().map(URI::getHost).filter(Objects::nonNull).distinct().count() > 1) {
      // --insecure skips the checks for one host, the first URL's: say so rather than check some and not others.
      throw new ParameterException(spec.commandLine(), "--insecure takes URLs of one host only");
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread serving = Thread.currentThread();
    // Ctrl-C: interrupt the wait below, then let the JVM go once the store is closed (its index saved).
    Thread hook = new Thread(() -> {
      serving.interrupt();
      try {
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "barbiton-serve-stop");
    boolean interrupted = false;
    try (Session session = common.session(urls.get(0)); LoopbackServer server = start(session)) {
      if (statusApi) printStatusApi(out, server);
      for (URI url : urls) {
        URI local = server.urlFor(url);
        if (common.json) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("url", Redaction.url(url.toString()));
          line.put("local", local.toString());
          Json.print(out, true, line);
        } else {
          out.println(local);
          out.flush();
        }
      }
      if (!common.json) {
        spec.commandLine().getErr().println("barbiton: serving " + urls.size() + (urls.size() == 1 ? " URL" : " URLs")
            + " on 127.0.0.1:" + server.port() + " until interrupted (Ctrl-C)");
      }
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        // The way to stop. The status comes back once the store is closed: an interrupted thread
        // would close the store's file channels under it (ClosedByInterruptException).
        interrupted = true;
      }
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
        // The hook runs (or was never added): nothing to remove.
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return 0;
  }

  private void printStatusApi(PrintWriter out, LoopbackServer server) {
    String api = "http://127.0.0.1:" + server.port() + "/api/v1/sources";
    String token = server.statusApiToken().orElseThrow();
    if (common.json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("statusApi", api);
      line.put("token", token);
      Json.print(out, true, line);
    } else {
      out.println("status API " + api + " (Authorization: Bearer " + token + ")");
      out.flush();
    }
  }

  private LoopbackServer start(Session session) throws java.io.IOException {
    try {
      LoopbackServer.Builder builder = LoopbackServer.builder(session.store).defaultOptions(session.options().build()).port(port);
      if (statusApi) builder.statusApi();
      return builder.start();
    } catch (BindException e) {
      BindException named = new BindException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
  }
}
