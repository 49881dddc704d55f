package dev.barbiton.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an output path before a command does any work: a file whose directory is missing (or is
 * not a directory) is a one-line failure naming that directory (exit 1), not an error about a
 * temporary file deep in the write.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** The failure: what cannot be written, and why. */
  static final class OutputPathException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputPathException(String message) {
      super(message);
    }
  }

  /** Checks that {@code file}'s directory exists, so that the file can be created in it. */
  static void requireDirectoryOf(Path file) throws OutputPathException {
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent == null) return;
    if (!Files.exists(parent)) {
      throw new OutputPathException("cannot write " + file + ": the directory " + parent + " does not exist");
    }
    if (!Files.isDirectory(parent)) {
      throw new OutputPathException("cannot write " + file + ": " + parent + " is not a directory");
    }
  }

  /** Checks that {@code directory}, where a command writes its files, exists and is a directory. */
  static void requireDirectory(Path directory) throws OutputPathException {
    if (!Files.exists(directory)) throw new OutputPathException("cannot write to " + directory + ": the directory does not exist");
    if (!Files.isDirectory(directory)) throw new OutputPathException("cannot write to " + directory + ": it is not a directory");
  }
}
