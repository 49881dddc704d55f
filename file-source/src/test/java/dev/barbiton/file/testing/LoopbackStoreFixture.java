package dev.barbiton.file.testing;

import dev.barbiton.testing.MediaServer;
import dev.barbiton.assets.AssetStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback {@link MediaServer} and a fresh {@link AssetStore} in a temporary directory for every
 * test; subclasses add their own options. Closed after the subclass's own {@code @AfterEach}.
 */
public abstract class LoopbackStoreFixture {
  @TempDir protected Path dir;
  protected MediaServer server;
  protected AssetStore store;

  @BeforeEach
  void startServerAndStore() throws IOException {
    server = MediaServer.start();
    store = AssetStore.open(dir.resolve("cache"));
  }

  @AfterEach
  void stopServerAndStore() throws Exception {
    store.close();
    server.close();
  }
}
