package dev.barbiton.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash and resume at CI size, with the store's default settings: a child JVM downloading 32 MiB
 * is killed with SIGKILL 5 times at random moments; every restart resumes at the first byte the
 * store persisted, the final SHA-256 equals the source's, and what was fetched twice stays within
 * an index window (plus in-flight slack) per kill.
 */
class CrashResumeDownloadTest {
  @Test
  @Timeout(180)
  void killedFiveTimes_defaults_resumesEachTime_sha256Matches_refetchWithinTheIndexWindows() throws Exception {
    long seed = ChaosRunner.parseSeed(System.getProperty("barbiton.crash.seed", "0xc7a54"));
    CrashResumeRunner.Summary summary = CrashResumeRunner.run(CrashResumeRunner.Config.of(5, 32 << 20, 4, seed), System.out);
    System.out.print(summary.format());
    assertEquals(5, summary.kills().size());
    assertEquals(summary.expectedSha256(), summary.sha256(), summary::format);
    assertTrue(summary.resumedAtFirstMissing(), summary::format);
    assertTrue(summary.refetched() <= summary.allowedRefetch(), summary::format);
    assertTrue(summary.ok(), summary::format);
  }
}
