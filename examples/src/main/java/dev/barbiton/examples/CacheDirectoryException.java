package dev.barbiton.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cache directory cannot be used: it is a file, or it cannot be created or written (read-only,
 * no permission). The message names the directory and the operating system's reason.
 */
final class CacheDirectoryException extends IOException {
  private static final long serialVersionUID = 1L;

  CacheDirectoryException(Path directory, IOException cause) {
    super("cache directory " + directory + " cannot be used: " + reason(directory, cause)
        + " (--cache DIR to use another)", cause);
  }

  private static String reason(Path directory, IOException cause) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) return "it is not a directory";
    if (cause instanceof AccessDeniedException) return "permission denied on " + ((FileSystemException) cause).getFile();
    if (cause instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getFile() == null || fs.getFile().equals(directory.toString())
          ? fs.getReason()
          : fs.getReason() + " (" + fs.getFile() + ")";
    }
    return String.valueOf(cause.getMessage());
  }
}
