package dev.barbiton.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Argument checks of the option and event values. */
class ValuesTest {
  private static final EventMeta META = new EventMeta(1, Instant.EPOCH, "s");

  @Test
  void capacityBelowOne_throwsWithValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SubscribeOptions.builder().capacity(0));
    assertEquals("capacity < 1: 0", e.getMessage());
  }

  @Test
  void defaults_capacity1024NoNameNoFilters() {
    SubscribeOptions defaults = SubscribeOptions.defaults();
    assertEquals(1024, defaults.capacity());
    assertEquals(null, defaults.name());
    assertTrue(defaults.types().isEmpty());
    assertEquals(null, defaults.source());
  }

  @Test
  void newBuilder_copiesThenChangesOnlyTheCopy() {
    SubscribeOptions original = SubscribeOptions.builder()
        .capacity(7).name("n").types(AssetEvent.class).source("src").build();
    SubscribeOptions changed = original.newBuilder().capacity(8).build();
    assertEquals(7, original.capacity());
    assertEquals(8, changed.capacity());
    assertEquals(original, changed.newBuilder().capacity(7).build());
    assertEquals(List.of(AssetEvent.class), changed.types());
    assertEquals("src", changed.source());
  }

  @Test
  void badOptions_throw() {
    assertThrows(IllegalArgumentException.class, () -> SubscribeOptions.builder().name(" "));
    assertThrows(IllegalArgumentException.class, () -> SubscribeOptions.builder().types());
    assertThrows(NullPointerException.class,
        () -> SubscribeOptions.builder().types(AssetEvent.class, null));
  }

  @Test
  void badEventValues_throwWithValues() {
    assertEquals("rangeStart < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.RequestStarted(META, "u", -1, OptionalLong.empty(), 1))
        .getMessage());
    assertEquals("rangeEnd < rangeStart: 4 < 5", assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.RequestStarted(META, "u", 5, OptionalLong.of(4), 1))
        .getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.FirstByte(META, 99, Duration.ZERO, false));
    assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.Progress(META, 1, OptionalLong.empty(), Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.Retrying(META, 4, 3, "c", Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new DownloadEvent.RequestFinished(META, 1, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> new BusEvent.Overflow(META, "n", 0));
    assertThrows(NullPointerException.class, () -> new AssetEvent.Evicted(META, 1, null));
    assertEquals("length < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new AssetEvent.BadBlock(META, 65536, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AssetEvent.BadBlock(META, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new EventMeta(-1, Instant.EPOCH, "s"));
  }

  @Test
  void eventAccessors_delegateToMeta() {
    Event event = new FileEvent.PhaseChanged(META, FileEvent.Phase.INIT,
        FileEvent.Phase.DOWNLOADING);
    assertEquals(1, event.sequence());
    assertEquals(Instant.EPOCH, event.timestamp());
    assertEquals("s", event.source());
  }
}
