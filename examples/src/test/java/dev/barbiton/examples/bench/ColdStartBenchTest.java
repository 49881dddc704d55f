package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ColdStartBenchTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void barbitonCommand_startsTheCommandLineInAFreshJvm() throws Exception {
    List<String> command = new ArrayList<>(ColdStartBench.barbitonCommand());
    command.add("--version");

    ChildProcess.Result result = ChildProcess.run(command, Map.of(), dir, Duration.ofSeconds(30));

    assertEquals(0, result.exit(), result.stderr());
    assertTrue(result.stdout().startsWith("barbiton "), result.stdout());
    assertTrue(result.wallMillis() > 0);
  }

  @Test
  @Timeout(30)
  void childStillRunningAtTheLimit_isKilledAndReportedAsTimedOut() throws Exception {
    String java = ColdStartBench.barbitonCommand().get(0);
    List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Sleeper.class.getName());

    ChildProcess.Result result = ChildProcess.run(command, Map.of(), dir, Duration.ofMillis(300));

    assertTrue(result.timedOut());
    assertTrue(result.wallMillis() < 10_000, "ms: " + result.wallMillis());
  }

  @Test
  void breakdown_namesTheMedianOfEachPhaseInOrder() {
    Map<String, List<Double>> phases = new LinkedHashMap<>();
    phases.put("jvmStartMs", List.of(100.0, 120.0, 300.0));
    phases.put("nativeLoadMs", List.of(200.0, 210.0, 220.0));
    phases.put("restMs", List.of(50.0, 40.0, 60.0));

    assertEquals("breakdown (medians): JVM start to command 120 ms, FFmpeg natives 210 ms,"
        + " rest (launch before the JVM's start time, exit) 50 ms", ColdStartBench.breakdown(phases));
  }

  /** A child that runs until killed. */
  static final class Sleeper {
    public static void main(String[] args) {
      while (true) java.util.concurrent.locks.LockSupport.park(); // until the test kills this process
    }
  }
}
