package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The shared options: declared once, and read from where they are declared. */
@Timeout(60)
class OptionsTest {
  @TempDir Path dir;
  MediaServer server;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static CommandLine cli() {
    return Barbiton.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
  }

  @Test
  void everyCommand_takesVerbose_inheritedFromTheTopCommand() {
    Map<String, CommandLine> commands = cli().getSubcommands();
    assertTrue(commands.keySet().containsAll(List.of("demo", "fetch", "bench", "chaos", "crash", "fuzz")), commands.keySet().toString());
    commands.forEach((name, command) -> {
      OptionSpec verbose = command.getCommandSpec().findOption("--verbose");
      assertNotNull(verbose, name);
      assertTrue(verbose.inherited(), name + " declares a --verbose of its own");
    });
  }

  @Test
  void verbose_beforeOrAfterTheSubcommand_addsTheStackTrace() {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(404));
    String url = server.url("/missing.mp4");
    CommandsTest.Run quiet = barbiton("fetch", url, "--cache", dir.resolve("c1").toString());
    assertEquals(1, quiet.err().lines().count(), quiet.err());
    CommandsTest.Run after = barbiton("fetch", url, "--cache", dir.resolve("c2").toString(), "--verbose");
    assertTrue(after.err().lines().count() > 1, after.err());
    assertTrue(after.err().contains("HttpStatusException"), after.err());
    CommandsTest.Run before = barbiton("--verbose", "fetch", url, "--cache", dir.resolve("c3").toString());
    assertEquals(Failures.NETWORK, before.exit());
    assertTrue(before.err().lines().count() > 1, before.err());
  }

  @Test
  void verbose_asAnArgumentAfterTheEndOfOptions_isNotTheFlag() {
    // After "--", "--verbose" is the URL (not an http one): a scan of the raw arguments took it for the flag.
    CommandsTest.Run run = barbiton("fetch", "--cache", dir.toString(), "--", "--verbose");
    assertEquals(Failures.OTHER, run.exit(), run.err());
    assertTrue(run.err().contains("not an http(s) URL"), run.err());
    assertEquals(1, run.err().lines().count(), "no stack trace: " + run.err());
  }

  @Test
  void attemptsBelowOne_isAUsageError() {
    CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--attempts", "0");
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("--attempts < 1: 0"), run.err());
  }
}
