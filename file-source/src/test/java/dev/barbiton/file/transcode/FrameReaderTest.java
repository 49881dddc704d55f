package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.RandomAccessInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames handed to the application: converted, sized, timed, every one of them. */
class FrameReaderTest {
  @TempDir static Path dir;
  static byte[] media;

  @BeforeAll
  static void makeMedia() throws Exception {
    media = Files.readAllBytes(SampleMedia.mp4(2, true).cachedIn(dir));
  }

  @Test
  void picturesAndSamplesConvertedAndTimed() throws Exception {
    int pictures = 0;
    long samples = 0;
    Duration lastPicture = Duration.ofSeconds(-1);
    try (FrameReader frames = FrameReader.open(RandomAccessInput.of(media),
        FrameReader.Options.video(FrameReader.PixelFormat.RGBA, 160, 0).withAudio(FrameReader.SampleFormat.S16, 48_000, 2))) {
      for (Optional<FrameReader.Frame> next; (next = frames.next()).isPresent(); ) {
        if (next.get() instanceof FrameReader.VideoFrame picture) {
          assertEquals(160, picture.width());
          assertEquals(120, picture.height());
          assertEquals(160 * 120 * 4, picture.data().remaining());
          assertTrue(picture.timestamp().compareTo(lastPicture) > 0, "pictures in time order");
          lastPicture = picture.timestamp();
          pictures++;
        } else if (next.get() instanceof FrameReader.AudioFrame block) {
          assertEquals(2, block.channels());
          assertEquals(48_000, block.sampleRate());
          assertEquals(block.samples() * 2 * 2, block.data().remaining());
          samples += block.samples();
        }
      }
    }
    assertEquals(50, pictures);
    assertEquals(1960, lastPicture.toMillis(), 1);
    assertEquals(96_000, samples, 1024, "two seconds at 48 kHz");
  }

  @Test
  void nv12AtTheInputsSizeVideoOnly() throws Exception {
    try (FrameReader frames = FrameReader.open(RandomAccessInput.of(media), FrameReader.Options.video(FrameReader.PixelFormat.NV12, 0, 0))) {
      FrameReader.VideoFrame first = (FrameReader.VideoFrame) frames.next().orElseThrow();
      assertEquals(320, first.width());
      assertEquals(320 * 240 * 3 / 2, first.data().remaining());
      assertEquals(Duration.ZERO, first.timestamp());
      // The Y plane of testsrc2 is not flat: a real picture, not zeroed memory.
      byte a = first.data().get(0);
      boolean varies = false;
      for (int i = 0; i < 320 * 240 && !varies; i += 97) varies = first.data().get(i) != a;
      assertTrue(varies);
    }
  }

  @Test
  void anInputWithoutTheStreamsAskedForIsATypedError() throws Exception {
    byte[] silent = Files.readAllBytes(SampleMedia.fragmented(1, 1.0, false, false).cachedIn(dir));
    TranscodeException e = assertThrows(TranscodeException.class, () -> FrameReader.open(RandomAccessInput.of(silent),
        FrameReader.Options.audio(FrameReader.SampleFormat.FLOAT, 0, 0)));
    assertTrue(e.getMessage().contains("none of the streams asked for"), e.getMessage());
  }
}
