package dev.barbiton.file.media;

/** Argument checks of the value records, with the expression and the value in the message. */
final class ValueChecks {
  private ValueChecks() {}

  static void range(int value, int min, int max, String name) {
    if (value < min || value > max) throw new IllegalArgumentException(name + " outside " + min + ".." + max + ": " + value);
  }

  static void range(long value, long min, long max, String name) {
    if (value < min || value > max) throw new IllegalArgumentException(name + " outside " + min + ".." + max + ": " + value);
  }
}
