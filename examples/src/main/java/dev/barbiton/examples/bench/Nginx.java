package dev.barbiton.examples.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An nginx serving one directory on a loopback port, with the settings a static file server runs
 * with (those of Debian's default {@code nginx.conf}: {@code sendfile on}, {@code tcp_nopush on},
 * keep-alive, one worker per core, no access log), every file it writes inside its own directory.
 * For the {@code serve} benchmark's baseline: a plain, well-tuned file server on the same machine.
 */
final class Nginx implements AutoCloseable {
  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The nginx executable on the PATH (or in /usr/sbin), if this machine has one. */
  static Optional<Path> find() {
    String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
    for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/local/sbin").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "nginx");
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /**
   * Starts {@code nginx} serving {@code root} from {@code work} (its configuration, pid, logs and
   * temporary files go there), and waits up to 10 s until it accepts connections.
   */
  static Nginx start(Path nginx, Path work, Path root) throws IOException, InterruptedException {
    int port = freePort();
    Path conf = work.resolve("nginx.conf");
    boolean root0 = "root".equals(System.getProperty("user.name"));
    String config = String.join("\n", List.of(
        // As root, the workers would run as "nobody", which cannot read a private temporary directory.
        root0 ? "user root;" : "",
        "worker_processes auto;",
        "daemon off;",
        "pid " + work.resolve("nginx.pid") + ";",
        "error_log " + work.resolve("error.log") + " warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log off;",
        "  sendfile on;",
        "  tcp_nopush on;",
        "  tcp_nodelay on;",
        "  keepalive_timeout 65;",
        "  default_type application/octet-stream;",
        "  client_body_temp_path " + work.resolve("body") + ";",
        "  proxy_temp_path " + work.resolve("proxy") + ";",
        "  fastcgi_temp_path " + work.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + work.resolve("uwsgi") + ";",
        "  scgi_temp_path " + work.resolve("scgi") + ";",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    root " + root + ";",
        "  }",
        "}", ""));
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(nginx.toString(), "-p", work + "/", "-e", work.resolve("error.log").toString(),
        "-c", conf.toString())
        .redirectOutput(work.resolve("nginx.out").toFile())
        .redirectErrorStream(true)
        .start();
    Nginx server = new Nginx(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        server.close();
        throw new IOException("nginx did not start: " + Files.readString(work.resolve("nginx.out"))
            + readIfExists(work.resolve("error.log")));
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    return server;
  }

  /** {@code http://127.0.0.1:PORT/name}. */
  String url(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  /** Stops nginx (SIGTERM: a fast shutdown) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
