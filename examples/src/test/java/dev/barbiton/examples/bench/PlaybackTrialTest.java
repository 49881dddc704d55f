package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.TestMedia;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Both sides of {@code ttff} and {@code seek} on a small MP4: measured, or timed out, never hung. */
@Timeout(60)
class PlaybackTrialTest {
  @TempDir Path dir;
  MediaServer server;
  ScheduledExecutorService watchdog;
  URI uri;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start();
    watchdog = Executors.newSingleThreadScheduledExecutor();
    server.serve("/v.mp4", Files.readAllBytes(SampleMedia.mp4(5, false).cachedIn(TestMedia.dir()))).contentType("video/mp4");
    uri = server.uri("/v.mp4");
  }

  @AfterEach
  void stop() {
    watchdog.shutdownNow();
    server.close();
  }

  private void barbiton(Duration limit, Samples firstFrame, Samples seek) throws Exception {
    try (AssetStore store = AssetStore.builder(Files.createTempDirectory(dir, "cache")).maxBytes(Long.MAX_VALUE).open()) {
      FileSourceOptions options = FileSourceOptions.builder(store).readTimeout(Duration.ofSeconds(30)).build();
      PlaybackTrial.run(deadline -> BarbitonPlayback.open(uri, options, deadline, watchdog), limit, firstFrame, seek);
    }
  }

  private void ffmpegHttp(Duration limit, Samples firstFrame, Samples seek) throws Exception {
    PlaybackTrial.run(deadline -> FfmpegHttpPlayback.open(uri, deadline), limit, firstFrame, seek);
  }

  @Test
  void moovAtEnd_bothSidesMeasureFirstFrameAndSeek() throws Exception {
    Samples[] s = {new Samples(30_000), new Samples(30_000), new Samples(30_000), new Samples(30_000)};

    barbiton(Duration.ofSeconds(30), s[0], s[1]);
    ffmpegHttp(Duration.ofSeconds(30), s[2], s[3]);

    for (Samples samples : s) {
      assertEquals(1, samples.count());
      assertEquals(0, samples.timeouts());
      assertTrue(samples.median() > 0 && samples.median() < 30_000, "ms: " + samples.median());
    }
  }

  @Test
  void serverTooSlowForTheLimit_bothSidesTimeOutInTime() throws Exception {
    server.resource("/v.mp4").throttle(2_000); // a moov at the end, 2 kB/s: minutes away
    Duration limit = Duration.ofMillis(700);
    Samples[] s = {new Samples(700), new Samples(700), new Samples(700), new Samples(700)};

    long start = System.nanoTime();
    barbiton(limit, s[0], s[1]);
    ffmpegHttp(limit, s[2], s[3]);
    double seconds = (System.nanoTime() - start) / 1e9;

    for (Samples samples : s) {
      assertEquals(1, samples.timeouts(), "a timeout, the seek that never started included");
      assertTrue(samples.medianTimedOut());
    }
    assertTrue(seconds < 10, "both sides ended soon after their limit: " + seconds + " s");
  }
}
