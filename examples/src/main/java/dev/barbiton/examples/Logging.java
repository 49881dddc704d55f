package dev.barbiton.examples;

/**
 * Keeps the library's logging (SLF4J simple, on stderr) quiet unless {@code --verbose}. Runs once
 * the options are parsed and before the command: SLF4J simple reads these properties when the
 * first logger is made, and JavaCPP when FFmpeg's natives load.
 */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (!verbose) System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
  }
}
