package dev.barbiton.file.avio;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A loopback media server and a fresh store for every test, and the fixtures of this package. */
abstract class AvioTestSupport extends LoopbackStoreFixture {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  /** The committed H.265 fixture: 2 s, 320x240, 25 fps, keyframe every second, plus AAC mono. */
  static final String HEVC_FIXTURE = "hevc-320x240-2s.mp4";
  static final int HEVC_VIDEO_FRAMES = 50;


  /**
   * Options for sources under test: a small look-ahead so that a read 64 KiB past the download
   * moves it (the default, 1 MiB, is most of a test file), and a stall timeout long enough that a
   * stalled test server is not resumed behind the test's back.
   */
  FileSourceOptions.Builder options() {
    return FileSourceOptions.builder(store)
        .readTimeout(DEADLINE)
        .stallTimeout(DEADLINE)
        .lookAhead(64 << 10)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build());
  }

  FileSource open(String path) throws IOException {
    return FileSource.open(server.uri(path), options().build());
  }

  static byte[] hevcFixture() {
    try (InputStream in = AvioTestSupport.class.getResourceAsStream(HEVC_FIXTURE)) {
      if (in == null) throw new AssertionError("missing test resource " + HEVC_FIXTURE);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An MPEG-TS of {@code seconds} of {@code testsrc2} at {@code width}x{@code height} (H.264 at
   * {@code videoBitrate}, a keyframe a second) and a 440 Hz tone (AAC, 44.1 kHz mono) whose first
   * sample is {@code audioDelaySeconds} in, so that FFmpeg must read that much video before it sees
   * an audio packet; made once under {@code target/test-media}.
   */
  static Path mpegTs(int seconds, int width, int height, long videoBitrate, long audioBitrate, int audioDelaySeconds) {
    String name = "h264-aac-" + seconds + "s-" + width + "x" + height + "-" + videoBitrate / 1000 + "k-audio-at-"
        + audioDelaySeconds + "s.ts";
    return TestMedia.cached(name, file -> Transcoder.from(new GeneratedSource(
            Optional.of("testsrc2=size=" + width + "x" + height + ":rate=25"),
            Optional.of("sine=frequency=440:sample_rate=44100,asetpts=PTS+" + audioDelaySeconds + "/TB"),
            Duration.ofSeconds(seconds)))
        .video(VideoSettings.encode("libopenh264").bitrate(videoBitrate).gop(25))
        .audio(AudioSettings.encode("aac").bitrate(audioBitrate))
        .format("mpegts").build().run(OutputSink.of(file)));
  }

  /** Offset and size of the first top-level box of {@code type} in an MP4; fails if there is none. */
  static long[] topLevelBox(byte[] mp4, String type) {
    ByteBuffer buffer = ByteBuffer.wrap(mp4);
    for (long offset = 0; offset + 8 <= mp4.length; ) {
      long size = Integer.toUnsignedLong(buffer.getInt((int) offset));
      String name = new String(mp4, (int) offset + 4, 4, StandardCharsets.ISO_8859_1);
      if (size == 1) size = buffer.getLong((int) offset + 8);
      if (size == 0) size = mp4.length - offset;
      if (name.equals(type)) return new long[] {offset, size};
      if (size < 8) break;
      offset += size;
    }
    throw new AssertionError("no top-level " + type + " box");
  }

  /** The next video frame, skipping audio; fails at the end. */
  static SimpleDecoder.Frame nextVideoFrame(SimpleDecoder decoder) throws IOException {
    for (Optional<SimpleDecoder.Frame> f; (f = decoder.next()).isPresent(); ) {
      if (f.get().type() == MediaType.VIDEO) return f.get();
    }
    throw new AssertionError("no video frame left");
  }

  /** Decodes to the end; returns {video frames, audio frames}. */
  static int[] decodeAll(SimpleDecoder decoder) throws IOException {
    int[] counts = new int[2];
    for (Optional<SimpleDecoder.Frame> f; (f = decoder.next()).isPresent(); ) {
      counts[f.get().type() == MediaType.VIDEO ? 0 : 1]++;
    }
    return counts;
  }

  /** Waits until {@code thread} parks (a blocked read) or fails the test. */
  static void awaitBlocked(Thread thread) {
    awaitCondition(thread + " parked", () -> {
      Thread.State state = thread.getState();
      if (state == Thread.State.TERMINATED) throw new AssertionError(thread + " ended without blocking");
      return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    });
  }

  /** Polls {@code condition} (not a timed guess) until it holds, or fails after the deadline. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for: " + what);
      LockSupport.parkNanos(200_000);
    }
  }
}
