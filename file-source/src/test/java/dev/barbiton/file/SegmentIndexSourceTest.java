package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.FileEvent;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.mp4.SegmentIndex;
import dev.barbiton.file.mp4.SegmentIndexer;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SegmentIndexSourceTest extends SourceTestBase {

  @Test
  void fragmentedMp4WithSidx_provisionalIndexWhileDownloading_finalOnCompletion() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(12, 2.0, true, true).cachedIn(TestMedia.dir()));
    server.serve("/frag.mp4", content).throttle(content.length / 2); // about 2 s
    SegmentIndex expected = SegmentIndexer.build(RandomAccessSource.of(content), content.length).orElseThrow();
    try (FileSource source = open("/frag.mp4")) {
      SegmentIndex provisional = awaitProvisional(source);
      assertTrue(provisional.isProvisional());
      assertEquals(FileEvent.Phase.DOWNLOADING, source.phase(), "seekable by time before the download ends");
      assertEquals(ranges(expected), ranges(provisional));

      assertFinished(source);
      SegmentIndex complete = source.segmentIndex().orElseThrow();
      assertFalse(complete.isProvisional());
      assertEquals(expected.segments(), complete.segments());
    }
    List<FileEvent.SegmentIndexReady> ready = only(drainEvents(), FileEvent.SegmentIndexReady.class);
    assertEquals(List.of(true, false), ready.stream().map(FileEvent.SegmentIndexReady::provisional).toList());
    assertEquals(expected.segments().size(), ready.get(1).segments());
  }

  @Test
  void completeFragmentedResourceReopened_hasItsIndexAtOnce() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(6, 1.0, false, false).cachedIn(TestMedia.dir()));
    server.serve("/f.mp4", content);
    try (FileSource source = open("/f.mp4")) {
      assertFinished(source);
    }
    try (FileSource again = open("/f.mp4")) {
      assertEquals(6, again.segmentIndex().orElseThrow().segments().size());
    }
  }

  @Test
  void plainMp4_hasNoIndex() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.mp4(3, true).cachedIn(TestMedia.dir()));
    server.serve("/plain.mp4", content);
    try (FileSource source = open("/plain.mp4")) {
      assertFinished(source);
      assertTrue(source.segmentIndex().isEmpty());
    }
  }

  private static SegmentIndex awaitProvisional(FileSource source) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      var index = source.segmentIndex();
      if (index.isPresent()) return index.get();
      if (System.nanoTime() > end) throw new AssertionError("no provisional index");
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
    }
  }

  private static List<List<Long>> ranges(SegmentIndex index) {
    return index.segments().stream().map(s -> List.of(s.offset(), s.size(), s.startMillis())).toList();
  }
}
