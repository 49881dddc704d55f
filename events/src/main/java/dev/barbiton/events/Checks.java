package dev.barbiton.events;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/** Argument checks shared by the event records. Messages read {@code "name < 0: " + value}. */
final class Checks {
  private Checks() {}

  static long nonNegative(long value, String name) {
    if (value < 0) throw new IllegalArgumentException(name + " < 0: " + value);
    return value;
  }

  static int positive(int value, String name) {
    if (value < 1) throw new IllegalArgumentException(name + " < 1: " + value);
    return value;
  }

  static OptionalLong nonNegative(OptionalLong value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isPresent()) nonNegative(value.getAsLong(), name);
    return value;
  }

  static Duration nonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) throw new IllegalArgumentException(name + " < 0: " + value);
    return value;
  }

  /** Returns {@code text} with every URL in it redacted. */
  static String redacted(String text, String name) {
    return Redaction.text(Objects.requireNonNull(text, name));
  }
}
