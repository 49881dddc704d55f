package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ResourceKey;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeRangeDownloadTest extends ManagerTestBase {

  @Test
  void managerPrecache_completesWithTheMappedBytesOnly_andSurvivesRestart() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(30, false).cachedIn(TestMedia.dir()));
    server.serve("/m.mp4", content).contentType("video/mp4");
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.precache(server.uri("/m.mp4"), Duration.ofSeconds(10));
    awaitState(m, d.id(), DownloadState.COMPLETED);
    Download done = m.get(d.id()).orElseThrow();
    long total = done.bytesTotal().orElseThrow();
    assertEquals(total, done.bytesCached());
    assertTrue(total > content.length / 4 && total < content.length * 6 / 10, total + " of " + content.length);
    restartStore();
    DownloadManager again = open(managerBuilder());
    assertEquals(DownloadState.COMPLETED, again.get(d.id()).orElseThrow().state());
    assertEquals(DownloadRange.first(Duration.ofSeconds(10)), again.get(d.id()).orElseThrow().request().range());
  }

  @Test
  void middleOfTheFile_startsAtTheKeyframeBefore() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(30, true).cachedIn(TestMedia.dir()));
    server.serve("/mid.mp4", content).contentType("video/mp4");
    Precache.Result r = Precache.range(server.uri("/mid.mp4"),
        DownloadRange.time(Duration.ofMillis(12_500), Optional.of(Duration.ofSeconds(15))), sourceOptions());
    // moov first: the header, then about 2.5 s (from the keyframe at 12 s to 15 s) of 30.
    long data = r.ranges().ranges().get(r.ranges().rangeCount() - 1).length();
    assertTrue(data > content.length * 2 / 30 && data < content.length * 4 / 30, data + " of " + content.length);
    assertEquals(r.ranges().totalBytes(), r.bytesCached());
    assertTrue(store.keys().contains(ResourceKey.forUrl(server.uri("/mid.mp4"))));
  }

  @Test
  void unknownLength_failsTyped_asAMediaFailureThatIsNotRetried() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    server.serve("/chunked.mp4", content).contentType("video/mp4").chunked(true).ignoreRange(true).throttle(200_000);
    TimeRangeException e = assertThrows(TimeRangeException.class,
        () -> Precache.first(server.uri("/chunked.mp4"), Duration.ofSeconds(2), sourceOptions()));
    assertTrue(e.getMessage().contains("is not known (no Content-Length)"), e.getMessage());
    DownloadManager m = open(managerBuilder());
    m.start();
    Download d = m.precache(server.uri("/chunked.mp4"), Duration.ofSeconds(2));
    awaitState(m, d.id(), DownloadState.FAILED);
    DownloadFailure f = m.get(d.id()).orElseThrow().failure().orElseThrow();
    assertEquals(DownloadFailure.Kind.MEDIA, f.kind());
    assertEquals("TimeRangeException", f.type());
  }
}
