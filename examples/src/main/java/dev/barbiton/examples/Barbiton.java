package dev.barbiton.examples;

import dev.barbiton.examples.bench.BenchCommand;
import dev.barbiton.examples.reliability.ChaosCommand;
import dev.barbiton.examples.reliability.CrashCommand;
import dev.barbiton.examples.reliability.FuzzCommand;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code barbiton} command line: play, fetch, probe and decode URLs through Barbiton, look
 * after the cache, run the demo, and measure it.
 */
@Command(
    name = "barbiton",
    mixinStandardHelpOptions = true,
    versionProvider = Barbiton.Version.class,
    description = "Play media while it downloads: Barbiton's demo, tools and benchmarks.",
    subcommands = {DemoCommand.class, FetchCommand.class, ProbeCommand.class, DecodeCommand.class,
        ThumbnailCommand.class, TranscodeCommand.class, ServeCommand.class, PlayCommand.class, CacheCommand.class, DownloadCommand.class,
        BenchCommand.class, ChaosCommand.class, CrashCommand.class, FuzzCommand.class, CommandLine.HelpCommand.class})
public final class Barbiton implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  /** {@code --verbose}, inherited by every subcommand. */
  @Mixin Verbosity verbosity = new Verbosity();

  /** Where progress bars go: the terminal, or null for none (output redirected, tests). */
  private final PrintStream terminal;

  private Barbiton(PrintStream terminal) {
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err, interactive() ? System.err : null));
  }

  /** Runs the command line with the given streams and no progress bars; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, null);
  }

  /** As above, with progress bars on {@code terminal} (none if null). */
  static int run(String[] args, PrintWriter out, PrintWriter err, PrintStream terminal) {
    return commandLine(out, err, terminal).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, PrintStream terminal) {
    CommandLine cli = new CommandLine(new Barbiton(terminal));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Failures());
    cli.setParameterExceptionHandler(Failures.usage());
    // The options are parsed, the command has not run: the moment to set the logging up, before
    // the first logger reads its configuration.
    cli.setExecutionStrategy(parsed -> {
      Logging.configure(Verbosity.isVerbose(parsed.commandSpec()));
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
  }

  /**
   * The terminal progress bars of {@code command} go to, or null for none: when not run from a
   * terminal, and with {@code --verbose} (whose log lines would cut through a bar).
   */
  static PrintStream terminal(CommandSpec command) {
    if (Verbosity.isVerbose(command)) return null;
    return command.root().userObject() instanceof Barbiton top ? top.terminal : null;
  }

  /** Whether this process's output goes to a terminal: no progress bars in a pipe or a file. */
  private static boolean interactive() {
    Console console = System.console(); // Java 17: null unless stdin and stdout are a terminal
    if (console == null) return false;
    try {
      // Java 22 and later: a console even when redirected, and isTerminal() to tell.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Barbiton.class.getPackage().getImplementationVersion();
      return new String[] {"barbiton " + (version == null ? "(development build)" : version)};
    }
  }
}
