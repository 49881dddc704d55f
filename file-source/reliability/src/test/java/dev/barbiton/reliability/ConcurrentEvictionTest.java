package dev.barbiton.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 64 readers across 8 sources, the store bounded at half the total size: no wrong byte, no reader
 * of an open resource ever sees it evicted, no deadlock.
 */
class ConcurrentEvictionTest {
  @Test
  @Timeout(180)
  void sixtyFourReadersEightSourcesHalfSizedStore_noWrongByte_noEvictionInUse_noDeadlock() throws Exception {
    EvictionRunner.Summary summary = EvictionRunner.run(
        EvictionRunner.Config.of(2 << 20, 12, 60, 0xe71c7L, Duration.ofSeconds(90)), System.out);
    System.out.print(summary.format());
    assertTrue(summary.ok(), summary::format);
    assertTrue(summary.evictions() > 0, () -> "nothing was evicted: the test tested nothing\n" + summary.format());
  }
}
