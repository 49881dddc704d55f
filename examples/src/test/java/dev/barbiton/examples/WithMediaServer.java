package dev.barbiton.examples;

import dev.barbiton.testing.MediaServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A command-line test's loopback origin, new for each test, and a directory of its own. */
abstract class WithMediaServer {
  @TempDir Path dir;
  MediaServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = MediaServer.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }
}
