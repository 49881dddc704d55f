package dev.barbiton.file.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/** The probe against made-up rates: the count it settles on for each shape of link. */
class ConnectionProbeTest {
  private static final long STEP = TimeUnit.MILLISECONDS.toNanos(10);

  /** Runs the probe for {@code seconds} of made-up time; {@code ratePerConnections} is bytes per 10 ms at k connections. */
  private static int settle(ConnectionProbe probe, double seconds, IntToLongFunction ratePerConnections) {
    long now = 0;
    long[] bytes = {0};
    int running = 1;
    for (; now < seconds * 1e9; now += STEP) {
      bytes[0] += ratePerConnections.applyAsLong(running);
      running = probe.target(now, () -> bytes[0], running);
    }
    return running;
  }

  @Test
  void perConnectionLimit_growsToTheMost() {
    ConnectionProbe probe = new ConnectionProbe(4);
    assertEquals(4, settle(probe, 10, k -> 40_000L * k));
    assertTrue(probe.settled());
  }

  @Test
  void oneConnectionFillsTheLink_triesASecondThenKeepsOne() {
    ConnectionProbe probe = new ConnectionProbe(8);
    assertEquals(1, settle(probe, 10, k -> 100_000L));
    assertTrue(probe.settled());
  }

  @Test
  void linkFullAtTwo_triesFourThenKeepsTwo() {
    ConnectionProbe probe = new ConnectionProbe(8);
    assertEquals(2, settle(probe, 20, k -> 30_000L * Math.min(k, 2)));
    assertTrue(probe.settled());
  }

  @Test
  void doubles_uncappedByAPowerOfTwo() {
    ConnectionProbe probe = new ConnectionProbe(6);
    assertEquals(6, settle(probe, 20, k -> 30_000L * k)); // 1, 2, 4, then 6: the most
  }

  @Test
  void aSmallGain_isNotWorthAConnection() {
    ConnectionProbe probe = new ConnectionProbe(4);
    // A second connection brings 10 %: less than the 20 % a connection must bring.
    assertEquals(1, settle(probe, 10, k -> k == 1 ? 100_000L : 110_000L));
  }

  @Test
  void fewerRunningThanWanted_measuresAgainRatherThanSettle() {
    ConnectionProbe probe = new ConnectionProbe(4);
    long[] bytes = {0};
    int target = 1;
    // One connection for a second: the probe asks for two.
    for (long now = 0; now < 1_100_000_000L; now += STEP) {
      bytes[0] += 10_000;
      target = probe.target(now, () -> bytes[0], 1);
    }
    assertEquals(2, target);
    // Nothing left to split: still one runs, at the same rate; the probe must not call that "no gain".
    for (long now = 1_100_000_000L; now < 5_000_000_000L; now += STEP) {
      bytes[0] += 10_000;
      target = probe.target(now, () -> bytes[0], 1);
    }
    assertEquals(2, target);
    assertFalse(probe.settled());
  }

  @Test
  void oneFastConnection_keepsOneWithoutTryingTwo() {
    ConnectionProbe probe = new ConnectionProbe(4);
    int most = 1;
    long[] bytes = {0};
    for (long now = 0; now < 5_000_000_000L; now += STEP) {
      bytes[0] += 2_000_000; // 200 MB/s, with a per-connection limit that trying would find
      most = Math.max(most, probe.target(now, () -> bytes[0], 1));
    }
    assertEquals(1, most);
    assertTrue(probe.settled());
  }

  @Test
  void oneAtMost_neverAsksForMore() {
    ConnectionProbe probe = new ConnectionProbe(1);
    assertEquals(1, settle(probe, 5, k -> 40_000L * k));
  }
}
