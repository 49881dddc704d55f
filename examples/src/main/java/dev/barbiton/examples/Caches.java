package dev.barbiton.examples;

import java.nio.file.Path;
import java.util.Locale;

/** Where the command line keeps its cache when {@code --cache} is not given. */
final class Caches {
  private Caches() {}

  /** The platform's user cache directory, plus {@code barbiton}. */
  static Path defaultDirectory() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = System.getProperty("user.home");
    if (os.contains("win")) {
      String local = System.getenv("LOCALAPPDATA");
      return Path.of(local != null ? local : home, "barbiton", "cache");
    }
    if (os.contains("mac")) return Path.of(home, "Library", "Caches", "barbiton");
    String xdg = System.getenv("XDG_CACHE_HOME");
    return Path.of(xdg != null && !xdg.isBlank() ? xdg : Path.of(home, ".cache").toString(), "barbiton");
  }
}
