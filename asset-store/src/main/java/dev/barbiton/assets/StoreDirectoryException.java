package dev.barbiton.assets;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The cache directory cannot hold a store: it is not a directory, it cannot be created or
 * written, or its disk is full. The message names the directory and the problem; {@link
 * #problem()} tells them apart for code. The cause is the operating system's error.
 */
public final class StoreDirectoryException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the directory. */
  public enum Problem {
    /** It, or a path on the way to it, exists and is not a directory. */
    NOT_A_DIRECTORY,
    /** It cannot be created or written: permissions, a read-only file system. */
    NOT_WRITABLE,
    /** Its disk (or its quota) is full. */
    NO_SPACE,
    /** The file system refused it for another reason, which the message gives. */
    OTHER
  }

  private final transient Path directory;
  private final Problem problem;

  StoreDirectoryException(Path directory, Problem problem, IOException cause) {
    super(cause, "cache directory " + directory + " cannot be used: " + describe(problem, directory, cause));
    this.directory = directory;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The directory the store was to open. */
  public Path directory() {
    return directory;
  }

  public Problem problem() {
    return problem;
  }

  /** The problem behind {@code cause}, an error of creating, locking or writing {@code directory}. */
  static StoreDirectoryException of(Path directory, IOException cause) {
    return new StoreDirectoryException(directory, classify(directory, cause), cause);
  }

  private static Problem classify(Path directory, IOException cause) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) return Problem.NOT_A_DIRECTORY;
    if (cause instanceof FileAlreadyExistsException) return Problem.NOT_A_DIRECTORY; // a file on the way to it
    if (cause instanceof AccessDeniedException) return Problem.NOT_WRITABLE;
    String reason = cause instanceof FileSystemException fs ? fs.getReason() : cause.getMessage();
    String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (lower.contains("read-only")) return Problem.NOT_WRITABLE;
    if (lower.contains("no space") || lower.contains("quota")) return Problem.NO_SPACE;
    if (lower.contains("not a directory")) return Problem.NOT_A_DIRECTORY;
    return Problem.OTHER;
  }

  private static String describe(Problem problem, Path directory, IOException cause) {
    String file = cause instanceof FileSystemException fs && fs.getFile() != null
        && !fs.getFile().equals(directory.toString()) ? " (" + fs.getFile() + ")" : "";
    switch (problem) {
      case NOT_A_DIRECTORY:
        return Files.exists(directory) ? "it is not a directory" : "a part of its path is not a directory" + file;
      case NOT_WRITABLE:
        return "it is not writable: " + reason(cause) + file;
      case NO_SPACE:
        return "no space left on its disk" + file;
      default:
        return reason(cause) + file;
    }
  }

  private static String reason(IOException cause) {
    if (cause instanceof AccessDeniedException) return "permission denied";
    String reason = cause instanceof FileSystemException fs ? fs.getReason() : cause.getMessage();
    return reason == null ? cause.getClass().getSimpleName() : reason;
  }
}
