package dev.barbiton.examples;

import java.util.Arrays;

/** Keeps the library's logging (SLF4J simple, on stderr) quiet unless {@code --verbose}. */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (!verbose) System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
  }
}
