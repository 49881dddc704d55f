package dev.barbiton.examples;

import dev.barbiton.examples.bench.BenchCommand;
import dev.barbiton.examples.reliability.ChaosCommand;
import dev.barbiton.examples.reliability.CrashCommand;
import dev.barbiton.examples.reliability.FuzzCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code barbiton} command line: play, fetch, probe and decode URLs through Barbiton, run the
 * demo, and measure it.
 */
@Command(
    name = "barbiton",
    mixinStandardHelpOptions = true,
    versionProvider = Barbiton.Version.class,
    description = "Play media while it downloads: Barbiton's demo, tools and benchmarks.",
    subcommands = {DemoCommand.class, FetchCommand.class, ProbeCommand.class, DecodeCommand.class,
        ThumbnailCommand.class, BenchCommand.class, ChaosCommand.class, CrashCommand.class, FuzzCommand.class,
        CommandLine.HelpCommand.class})
public final class Barbiton implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code --verbose}, inherited by every subcommand. */
  @Mixin Verbosity verbosity = new Verbosity();

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Barbiton());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Failures());
    cli.setParameterExceptionHandler(Failures.usage(cli.getParameterExceptionHandler()));
    // The options are parsed, the command has not run: the moment to set the logging up, before
    // the first logger reads its configuration.
    cli.setExecutionStrategy(parsed -> {
      Logging.configure(Verbosity.isVerbose(parsed.commandSpec()));
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
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
