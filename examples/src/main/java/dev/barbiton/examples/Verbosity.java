package dev.barbiton.examples;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --verbose}, declared once on {@code barbiton} and inherited by every subcommand: it may
 * come before the subcommand or anywhere after it. Picocli sets it on the instance mixed into the
 * top command, whichever command it was given to; {@link #isVerbose} reads it from any of them.
 */
public final class Verbosity {
  static final String OPTION = "--verbose";

  @Option(names = OPTION, scope = ScopeType.INHERIT,
      description = "log what happens (instead of drawing progress bars) and show stack traces; bench: JMH's own output too")
  boolean verbose;

  /**
   * Whether {@code --verbose} was given to {@code command} or the commands above it; false for a
   * command run on its own, outside {@code barbiton}.
   */
  public static boolean isVerbose(CommandSpec command) {
    OptionSpec option = command.findOption(OPTION);
    return option != null && Boolean.TRUE.equals(option.getValue());
  }
}
