package dev.barbiton.examples.reliability;

import dev.barbiton.reliability.ChaosRunner;
import picocli.CommandLine;

/** Reads a seed as the suites print it ({@code 0x} and up to 16 hex digits) or in decimal. */
final class Seeds implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return ChaosRunner.parseSeed(value);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("not a seed (decimal, or 0x and hex digits): " + value);
    }
  }
}
