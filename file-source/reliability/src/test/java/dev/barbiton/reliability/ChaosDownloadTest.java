package dev.barbiton.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos downloads at CI size: 200 seeded scenarios, each a file served with a random fault, read
 * by 1–3 readers seeking at random. Zero corrupt commits, zero mixed versions, zero hangs; both
 * outcomes (committed, failed after the retries) are reached by every fault that can reach them.
 *
 * <p>To reproduce: {@code -Dbarbiton.chaos.seed=0x...} reruns a whole run; {@code
 * -Dbarbiton.chaos.replay=0x...} runs the one scenario a problem names; {@code
 * -Dbarbiton.chaos.scenarios=N} changes the count.
 */
class ChaosDownloadTest {
  private static final int SCENARIOS = 200;
  private static final long DEFAULT_SEED = 0x5eed_c4a0_5L;

  @Test
  @Timeout(240)
  void seededChaos_everyScenarioCommitsExactlyOrFailsTyped_noneHangs() throws Exception {
    long seed = ChaosRunner.parseSeed(System.getProperty("barbiton.chaos.seed", Long.toString(DEFAULT_SEED)));
    String replay = System.getProperty("barbiton.chaos.replay");
    int scenarios = Integer.getInteger("barbiton.chaos.scenarios", SCENARIOS);
    ChaosRunner.Config config = ChaosRunner.Config.of(scenarios, seed);
    ChaosRunner.Summary summary = replay == null
        ? ChaosRunner.run(config, System.out)
        : ChaosRunner.replay(config, ChaosRunner.parseSeed(replay), System.out);
    System.out.print(summary.format());
    assertTrue(summary.ok(), summary::format);
    if (replay == null) {
      assertTrue(summary.count(ChaosRunner.Outcome.COMMITTED) > scenarios / 2, summary::format);
      assertTrue(summary.count(ChaosRunner.Outcome.FAILED) > 0, summary::format);
      for (ChaosFault fault : ChaosFault.values()) {
        assertTrue(summary.counts().get(fault).values().stream().mapToInt(Integer::intValue).sum() > 0,
            () -> fault + " never drawn:\n" + summary.format());
      }
    }
  }

  /** The same faults over four connections per download (files of 2 to 6 MiB, so that parts are cut). */
  @Test
  @Timeout(240)
  void seededChaos_overFourConnections_everyScenarioCommitsExactlyOrFailsTyped() throws Exception {
    long seed = ChaosRunner.parseSeed(System.getProperty("barbiton.chaos.seed", Long.toString(DEFAULT_SEED)));
    int scenarios = Integer.getInteger("barbiton.chaos.scenarios4", 48);
    ChaosRunner.Config four = ChaosRunner.Config.of(scenarios, seed).withConnections(4);
    ChaosRunner.Summary summary = ChaosRunner.run(four, System.out);
    System.out.print(summary.format());
    assertTrue(summary.ok(), summary::format);
    assertTrue(summary.count(ChaosRunner.Outcome.COMMITTED) > scenarios / 2, summary::format);
  }
}
