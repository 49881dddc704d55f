package dev.barbiton.file.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemandPolicyTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void hopOf32KiBOrLess_neverMovesTheDownload() {
    DemandPolicy policy = new DemandPolicy(8 << 20);
    policy.received(10_000, 100 * MS); // a crawl: 100 KB/s
    assertFalse(policy.worthMoving(32 << 10));
    assertFalse(policy.worthMoving(0));
  }

  @Test
  void nothingMeasuredYet_aReaderPast32KiBMovesIt() {
    assertTrue(new DemandPolicy(8 << 20).worthMoving((32 << 10) + 1));
  }

  @Test
  void slowLink_readerAheadMovesIt_whenWaitingCostsMoreThanARequest() {
    DemandPolicy policy = new DemandPolicy(8 << 20);
    policy.answered(2 * MS);
    policy.received(2_000_000, 1_000 * MS); // 2 MB/s: 100 KB is 50 ms away, a request 2 ms
    assertTrue(policy.worthMoving(100_000));
  }

  @Test
  void fastLink_readerRidesTheRunningRequest_whenItsBytesAreAboutToArrive() {
    DemandPolicy policy = new DemandPolicy(8 << 20);
    policy.answered(1 * MS);
    policy.received(300_000_000, 1_000 * MS); // 300 MB/s: 1 MiB is 3.5 ms away, under the 4 ms floor
    assertFalse(policy.worthMoving(1 << 20));
    assertTrue(policy.worthMoving(4 << 20), "4 MiB is 14 ms away");
  }

  @Test
  void slowRequests_raiseTheBar() {
    DemandPolicy policy = new DemandPolicy(8 << 20);
    policy.answered(200 * MS); // a far server: a new request costs 200 ms
    policy.received(2_000_000, 1_000 * MS); // 2 MB/s
    assertFalse(policy.worthMoving(200_000), "100 ms of waiting beats a 200 ms request");
    assertTrue(policy.worthMoving(1_000_000), "500 ms of waiting does not");
  }

  @Test
  void pastTheCap_alwaysMoves() {
    DemandPolicy policy = new DemandPolicy(1 << 20);
    policy.received(1_000_000_000, 1_000 * MS);
    assertTrue(policy.worthMoving((1 << 20) + 1));
  }
}
