package dev.barbiton.examples.reliability;

import dev.barbiton.reliability.CrashResumeRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barbiton crash}: the crash-and-resume suite at a large size. A child JVM downloads a file
 * from a throttled loopback server in this process and is killed with SIGKILL at random moments;
 * each restart must resume at the first byte the store persisted, the final SHA-256 must equal the
 * source's, and the bytes fetched twice must stay within an index window (plus slack) per kill.
 * The child's store has the default settings. Prints each kill's figures and the bytes fetched
 * again per kill. Exit code 0 when all held, 1 otherwise.
 */
@Command(name = "crash", mixinStandardHelpOptions = true,
    description = "Kills a downloading child JVM at random moments and checks that every restart resumes exactly.")
public final class CrashCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--kills", defaultValue = "20", description = "How many SIGKILLs (default ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--size", defaultValue = "134217728", description = "The file's size in bytes (default ${DEFAULT-VALUE}, 128 MiB).")
  int size;

  @Option(names = "--seconds", defaultValue = "30",
      description = "How long the whole download would take unkilled: sets the server's pace (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "BYTES_PER_SECOND",
      description = "The server's pace in bytes per second, instead of one from --seconds (e.g. 2000000).")
  long rate;

  @Option(names = "--seed", defaultValue = "0xc7a54", converter = Seeds.class,
      description = "Where the kills fall (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (rate < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--rate < 0: " + rate);
    CrashResumeRunner.Config config = rate > 0
        ? new CrashResumeRunner.Config(kills, size, rate, seed)
        : CrashResumeRunner.Config.of(kills, size, seconds, seed);
    CrashResumeRunner.Summary summary = CrashResumeRunner.run(config, System.err);
    spec.commandLine().getOut().print(summary.format());
    spec.commandLine().getOut().flush();
    return summary.ok() ? 0 : 1;
  }
}
