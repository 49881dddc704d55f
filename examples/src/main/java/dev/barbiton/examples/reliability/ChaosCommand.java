package dev.barbiton.examples.reliability;

import dev.barbiton.reliability.ChaosRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barbiton chaos}: the chaos-download suite at a large size. Each scenario serves a file
 * with one seeded fault (disconnects, stalls, 5xx, 429 with Retry-After, ignored ranges, an ETag
 * that changes mid-way, short bodies, lying Content-Range, slow headers, redirect chains, cut
 * chunked bodies) and downloads it through a {@code FileSource} with 1–3 readers seeking at random;
 * every scenario must end committed and byte-exact, or failed after the retry policy ran out, and
 * within its deadline. Exit code 0 when every scenario held, 1 otherwise.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Downloads files from a loopback server that misbehaves in seeded ways, and checks every outcome.",
        "A problem line names its scenario's seed: --replay runs that scenario alone."})
public final class ChaosCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scenarios", defaultValue = "2000", description = "How many scenarios (default ${DEFAULT-VALUE}).")
  int scenarios;

  @Option(names = "--seed", defaultValue = "0x5eedc4a05", converter = Seeds.class,
      description = "The run's seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--replay", converter = Seeds.class, description = "Runs only the scenario of this seed (from a PROBLEM line).")
  Long replay;

  @Option(names = "--parallel", defaultValue = "4", description = "Scenarios at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--min-bytes", defaultValue = "16384", description = "Smallest file (default ${DEFAULT-VALUE}).")
  int minBytes;

  @Option(names = "--max-bytes", defaultValue = "4194304", description = "Largest file (default ${DEFAULT-VALUE}).")
  int maxBytes;

  @Option(names = "--deadline", defaultValue = "30", description = "Seconds one scenario may take (default ${DEFAULT-VALUE}).")
  int deadlineSeconds;

  @Option(names = "--connections", defaultValue = "1",
      description = "Connections per download, 1 to 16 (default ${DEFAULT-VALUE}); parts are 1 MiB at least, so use files past 2 MiB.")
  int connections;

  @Override
  public Integer call() throws Exception {
    if (connections < 1 || connections > 16) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--connections must be 1 to 16");
    }
    ChaosRunner.Config config = new ChaosRunner.Config(scenarios, seed, minBytes, maxBytes, parallel,
        Duration.ofSeconds(deadlineSeconds), connections);
    ChaosRunner.Summary summary = replay == null
        ? ChaosRunner.run(config, System.err)
        : ChaosRunner.replay(config, replay, System.err);
    spec.commandLine().getOut().print(summary.format());
    spec.commandLine().getOut().flush();
    return summary.ok() ? 0 : 1;
  }
}
