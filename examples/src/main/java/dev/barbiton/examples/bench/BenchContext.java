package dev.barbiton.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What every benchmark of one run shares: quick or full, how JMH forks, where progress goes, and
 * one temporary directory that holds everything the run writes and is deleted when it ends (also
 * on Ctrl-C, by a shutdown hook).
 */
final class BenchContext implements AutoCloseable {
  private final boolean quick;
  private final boolean verbose;
  private final int forks;
  private final PrintWriter progress;
  private final Path root;
  private final Thread cleanup;

  private BenchContext(boolean quick, boolean verbose, int forks, PrintWriter progress, Path root) {
    this.quick = quick;
    this.verbose = verbose;
    this.forks = forks;
    this.progress = progress;
    this.root = root;
    this.cleanup = new Thread(() -> deleteQuietly(root), "barbiton-bench-cleanup");
  }

  /** Creates the run's temporary directory under {@code java.io.tmpdir}. */
  static BenchContext open(boolean quick, boolean verbose, int forks, PrintWriter progress) throws IOException {
    if (forks != 0 && forks != 1) throw new IllegalArgumentException("forks not 0 or 1: " + forks);
    BenchContext context = new BenchContext(quick, verbose, forks, progress,
        Files.createTempDirectory("barbiton-bench-"));
    Runtime.getRuntime().addShutdownHook(context.cleanup);
    return context;
  }

  /** True for {@code --quick}: small sizes, few short iterations. */
  boolean quick() {
    return quick;
  }

  /** True for {@code --verbose}: JMH's own output goes to the progress stream too. */
  boolean verbose() {
    return verbose;
  }

  /** JMH forks: 1 (a fresh JVM per micro benchmark) or 0 (in this JVM). */
  int forks() {
    return forks;
  }

  /** Picks the quick or the full value. */
  int pick(int quickValue, int fullValue) {
    return quick ? quickValue : fullValue;
  }

  /** Picks the quick or the full value. */
  long pick(long quickValue, long fullValue) {
    return quick ? quickValue : fullValue;
  }

  /** A new empty directory inside the run's temporary directory. */
  Path newDirectory(String prefix) throws IOException {
    return Files.createTempDirectory(root, prefix + "-");
  }

  /** Says what is running now, on the progress stream (stderr). */
  void progress(String message) {
    progress.println("bench: " + message);
    progress.flush();
  }

  /** Says what one iteration measured, on the progress stream, with {@code --verbose} only. */
  void detail(String message) {
    if (verbose) progress("  " + message);
  }

  /** Deletes {@code path} and everything under it; a missing path is fine. */
  static void delete(Path path) throws IOException {
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) throw e;
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      // Already deleted.
    }
  }

  /** Deletes the run's temporary directory. Idempotent. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) anyway.
    }
    try {
      delete(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      delete(path);
    } catch (IOException ignored) {
      // Best effort at exit.
    }
  }
}
