package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The large-size suites' commands, end to end at a tiny size. */
@Timeout(240)
class ReliabilityCommandsTest {
  @TempDir Path dir;

  @Test
  void chaos_smallRun_everyScenarioEndsCommittedOrTyped() {
    CommandsTest.Run run = CommandsTest.barbiton("chaos", "--scenarios", "8", "--seed", "7", "--max-bytes", "262144");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().startsWith("chaos: 8 scenarios, seed 0x7"), run.out());
    assertTrue(run.out().contains(", 0 problems"), run.out());
    assertTrue(run.out().contains("  total                        8       0     0")
        || run.out().lines().anyMatch(l -> l.strip().startsWith("total") && l.strip().endsWith(" 0")), run.out());
  }

  @Test
  void crash_twoKills_resumesToTheRightDigest() {
    CommandsTest.Run run = CommandsTest.barbiton("crash", "--kills", "2", "--size", "4194304", "--seconds", "4");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().startsWith("crash: 2 kills"), run.out());
    assertTrue(run.out().contains("every restart resumed at the first missing byte: true"), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.contains("sha256") && l.endsWith("= source")), run.out());
  }

  @Test
  void fuzz_smallRun_onlyTypedErrors() {
    CommandsTest.Run run = CommandsTest.barbiton("fuzz", "--inputs", "30", "--seed", "3",
        "--fixtures", dir.resolve("fixtures").toString(), "--media", dir.resolve("media").toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().startsWith("fuzz: 30 inputs"), run.out());
    assertTrue(run.out().lines().findFirst().orElse("").endsWith(", 0 problems"), run.out());
  }
}
