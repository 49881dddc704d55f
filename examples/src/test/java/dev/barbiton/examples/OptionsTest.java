package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The shared options: declared once, read from where they are declared, and doing what they say. */
@Timeout(60)
class OptionsTest extends WithMediaServer {
  private static final List<String> URL_COMMANDS = List.of("fetch", "probe", "decode", "thumbnail", "serve");


  private static CommandLine cli() {
    return Barbiton.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
  }

  @Test
  void everyCommand_takesVerbose_inheritedFromTheTopCommand() {
    Map<String, CommandLine> commands = cli().getSubcommands();
    assertTrue(commands.keySet().containsAll(List.of("demo", "fetch", "cache", "bench", "chaos", "crash", "fuzz")), commands.keySet().toString());
    commands.forEach((name, command) -> {
      OptionSpec verbose = command.getCommandSpec().findOption("--verbose");
      assertNotNull(verbose, name);
      assertTrue(verbose.inherited(), name + " declares a --verbose of its own");
    });
  }

  @Test
  void urlCommands_takeTheSharedOptionsFromOneMixin() {
    Map<String, CommandLine> commands = cli().getSubcommands();
    for (String name : URL_COMMANDS) {
      CommandLine.Model.CommandSpec spec = commands.get(name).getCommandSpec();
      assertTrue(spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof CommonOptions), name);
      for (String option : List.of("--cache", "--json", "--attempts", "--header", "--cacert", "--insecure")) {
        assertNotNull(spec.findOption(option), name + " " + option);
      }
    }
    CommandLine.Model.CommandSpec demo = commands.get("demo").getCommandSpec();
    assertTrue(demo.mixins().values().stream().anyMatch(m -> m.userObject() instanceof RequestOptions), "demo");
    for (String option : List.of("--header", "--cacert", "--insecure")) {
      assertNotNull(demo.findOption(option), "demo " + option + ", for --url");
    }
    for (String option : List.of("--cache", "--json", "--attempts")) {
      assertNull(demo.findOption(option), "demo has its own cache and no JSON: " + option);
    }
  }

  @Test
  void demo_withRequestOptionsButNoUrl_isAUsageError_thatDoesNotShowTheHeader() {
    CommandsTest.Run run = barbiton("demo", "--header", "Authorization: Bearer SECRET", "--sample-dir", dir.toString());
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertEquals("barbiton: --header, --cacert and --insecure go with --url", run.err().strip());
    assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
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
  void header_isSentWithEveryRequest_andItsValueIsNeverPrinted() throws Exception {
    byte[] content = MediaServer.testContent(256 << 10, 3);
    server.serve("/a.bin", content).contentType("application/octet-stream").next(Fault.disconnectAfter(64 << 10));
    CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--json",
        "--header", "Authorization: Bearer SECRET-1", "-H", "X-Api-Key:SECRET-2", "--verbose");
    assertEquals(0, run.exit(), run.err());
    List<ServedRequest> requests = server.requests();
    assertEquals(2, requests.size(), "one resume: " + requests);
    for (ServedRequest request : requests) {
      assertEquals("Bearer SECRET-1", request.header("Authorization"), request.toString());
      assertEquals("SECRET-2", request.header("X-Api-Key"), request.toString());
    }
    assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
  }

  @Test
  void header_onAFailure_isNotInTheErrorOrTheStackTrace() {
    server.serve("/missing.mp4", new byte[10]).always(Fault.status(401));
    CommandsTest.Run run = barbiton("probe", server.url("/missing.mp4"), "--cache", dir.toString(), "--json",
        "--verbose", "--header", "Authorization: Bearer SECRET");
    assertEquals(Failures.NETWORK, run.exit(), run.err());
    assertEquals("Bearer SECRET", server.requests().get(0).header("Authorization"));
    assertTrue(run.err().contains("HTTP 401"), run.err());
    assertFalse(run.out().contains("SECRET") || run.err().contains("SECRET"), run.out() + run.err());
  }

  @Test
  void header_withoutNameOrColon_isAUsageError_thatDoesNotShowTheArgument() {
    for (String bad : List.of("Bearer SECRET", ": SECRET")) {
      CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--header", bad);
      assertEquals(Failures.USAGE, run.exit(), bad);
      assertTrue(run.err().contains("--header needs NAME:VALUE"), run.err());
      assertFalse(run.err().contains("SECRET"), run.err());
    }
    assertEquals(0, server.requestCount());
  }

  @Test
  void header_thatTheSourceManages_isAUsageErrorNamingIt() {
    CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--json",
        "--header", "Range: bytes=0-SECRET");
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("managed by the source: Range"), run.err());
    assertFalse(run.err().contains("SECRET") || run.out().contains("SECRET"), run.out() + run.err());
    assertEquals("ParameterException", run.json().getAsJsonObject("error").get("type").getAsString());
    assertEquals(0, server.requestCount());
  }

  @Test
  void attemptsBelowOne_isAUsageError() {
    CommandsTest.Run run = barbiton("fetch", server.url("/a.bin"), "--cache", dir.toString(), "--attempts", "0");
    assertEquals(Failures.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("--attempts < 1: 0"), run.err());
  }
}
