package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.ChildJava;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loading FFmpeg's natives ahead of the first open. */
@Timeout(120)
class FfmpegPreloadTest {

  @Test
  void preload_returnsOneFuture_thatCompletesWithEveryLibraryInOrder() throws Exception {
    CompletableFuture<Ffmpeg.LoadTimes> first = Ffmpeg.preload();
    assertSame(first, Ffmpeg.preload());
    Ffmpeg.LoadTimes times = first.get(60, TimeUnit.SECONDS);
    assertEquals(List.of("javacpp", "avutil", "swresample", "avcodec", "avformat", "swscale", "avfilter"),
        List.copyOf(times.libraries().keySet()));
    for (Duration d : times.libraries().values()) {
      assertFalse(d.isNegative());
      assertTrue(d.compareTo(times.total()) <= 0, times::toString);
    }
    assertThrows(UnsupportedOperationException.class, () -> times.libraries().put("avdevice", Duration.ZERO));
  }

  @Test
  void preloadFuture_cannotBeCompletedOrCancelledByItsCallers() throws Exception {
    CompletableFuture<Ffmpeg.LoadTimes> preload = Ffmpeg.preload();
    Ffmpeg.LoadTimes times = preload.get(60, TimeUnit.SECONDS);
    assertFalse(preload.complete(null));
    assertFalse(preload.completeExceptionally(new RuntimeException("no")));
    assertFalse(preload.cancel(true));
    assertThrows(UnsupportedOperationException.class, () -> preload.obtrudeValue(null));
    assertThrows(UnsupportedOperationException.class, () -> preload.obtrudeException(new RuntimeException()));
    assertThrows(UnsupportedOperationException.class, () -> preload.completeAsync(() -> null));
    CompletableFuture<Ffmpeg.LoadTimes> timed = preload.orTimeout(1, TimeUnit.MILLISECONDS);
    assertNotSame(preload, timed);
    assertSame(times, timed.get(60, TimeUnit.SECONDS));
    assertSame(times, preload.join());
    assertFalse(preload.isCancelled());
  }

  @Test
  void preloadInAFreshJvm_loadsItsLibraries_neverAvdevice_andPrintsNothingToStderr() throws Exception {
    List<String> out = runPreloadMain(List.of());
    String all = String.join("\n", out);
    assertTrue(out.contains("same true"), all);
    assertTrue(out.stream().anyMatch(l -> l.startsWith("loaded total ")), all);
    for (String library : Ffmpeg.LIBRARIES) assertTrue(out.contains("mapped " + library + " true"), all);
    assertTrue(out.contains("mapped avdevice false"), all);
  }

  @Test
  void nativesThatCannotLoad_failTheFutureWithATypedError_once() throws Exception {
    // No natives are built for this platform name: JavaCPP finds none to load.
    List<String> out = runPreloadMain(List.of("-Dorg.bytedeco.javacpp.platform=linux-nosuch"));
    String all = String.join("\n", out);
    assertTrue(out.stream().anyMatch(l -> l.matches("failed FfmpegUnavailableException (javacpp|avutil)")), all);
    assertTrue(out.contains("same true"), all);
    assertTrue(out.contains("mapped avutil false"), all);
  }

  private static List<String> runPreloadMain(List<String> jvmArgs) throws Exception {
    List<String> out = new ArrayList<>();
    try (ChildJava child = ChildJava.start(PreloadMain.class, jvmArgs)) {
      for (String line; !(line = child.nextLine(Duration.ofSeconds(60))).equals(ChildJava.EOF); ) out.add(line);
      assertEquals(0, child.await(Duration.ofSeconds(60)), child::stderr);
      assertEquals("", child.stderr());
    }
    return out;
  }
}
