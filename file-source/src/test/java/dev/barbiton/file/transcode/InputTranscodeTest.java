package dev.barbiton.file.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcoding real inputs: files in memory, and a file source while it downloads from a throttled server. */
class InputTranscodeTest extends LoopbackStoreFixture {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir static Path media;
  /** 3 s of H.264 (keyframe every 25 frames) and AAC, moov at the end. */
  static byte[] mp4;
  /** The same, fragmented with an empty moov first. */
  static byte[] fragmented;

  @BeforeAll
  static void makeInputs() throws IOException {
    GeneratedSource source = GeneratedSource.testPattern(320, 240, 25, Duration.ofSeconds(3));
    Path plain = media.resolve("in.mp4");
    Transcoder.from(source).video(VideoSettings.encode("libopenh264").gop(25)).format("mp4").build().run(OutputSink.of(plain));
    mp4 = Files.readAllBytes(plain);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Transcoder.from(source).video(VideoSettings.encode("libopenh264").gop(25)).format("mp4")
        .formatOption("movflags", "frag_keyframe+empty_moov+default_base_moof").build().run(OutputSink.streaming(bytes));
    fragmented = bytes.toByteArray();
  }

  @Test
  void remuxKeepsEveryPacketBitExact() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranscodeResult result = Transcoder.from(RandomAccessInput.of(mp4)).video(VideoSettings.copy()).audio(AudioSettings.copy())
        .format("matroska").build().run(OutputSink.streaming(out));

    MediaCheck in = MediaCheck.of(mp4);
    MediaCheck copy = MediaCheck.of(out.toByteArray());
    assertEquals(75, in.videoPacketChecksums().size());
    assertEquals(in.videoPacketChecksums(), copy.videoPacketChecksums());
    assertEquals(in.audioPacketChecksums(), copy.audioPacketChecksums());
    assertEquals("matroska,webm", copy.format());
    assertEquals(75, result.videoFrames());
  }

  @Test
  void aTimeRangeIsFrameExactAndStartsAtZero() throws Exception {
    Path out = dir.resolve("range.mp4");
    TranscodeResult result = Transcoder.from(RandomAccessInput.of(mp4)).start(Duration.ofMillis(1000))
        .duration(Duration.ofMillis(1000)).format("mp4").build().run(OutputSink.of(out));

    MediaCheck check = MediaCheck.of(out);
    assertEquals(25, check.videoFrames());
    assertEquals(960, check.lastVideoMillis(), 1);
    assertEquals(1000, check.lastAudioEndMillis(), 30);
    assertEquals(25, result.videoFrames());
    assertEquals(1000, result.duration().toMillis(), 30);
  }

  @Test
  void copiedVideoWithARangeStartsAtTheKeyframe() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Transcoder.from(RandomAccessInput.of(mp4)).video(VideoSettings.copy()).audio(AudioSettings.none())
        .start(Duration.ofSeconds(1)).duration(Duration.ofSeconds(1)).format("matroska").build().run(OutputSink.streaming(out));

    MediaCheck in = MediaCheck.of(mp4);
    MediaCheck copy = MediaCheck.of(out.toByteArray());
    assertEquals(in.videoPacketChecksums().subList(25, 50), copy.videoPacketChecksums(), "the second GOP, as it was");
    assertFalse(copy.audio().isPresent());
  }

  @Test
  void transcodesWhileTheInputDownloadsAndWritesBeforeItEnds() throws Exception {
    server.serve("/in.mp4", fragmented).throttle(fragmented.length / 2); // two seconds to download
    AtomicLong firstWriteNanos = new AtomicLong();
    OutputStream recording = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        firstWriteNanos.compareAndSet(0, System.nanoTime());
        super.write(b, off, len);
      }
    };
    try (FileSource source = FileSource.open(server.uri("/in.mp4"), FileSourceOptions.builder(store).readTimeout(DEADLINE).build())) {
      CompletableFuture<Long> downloaded = source.completion().thenApply(outcome -> System.nanoTime());
      Transcoder.from(RandomAccessInput.of(source)).video(VideoSettings.encode("libvpx").option("deadline", "realtime")
          .option("cpu-used", "8")).audio(AudioSettings.encode("libopus")).format("webm").build().run(OutputSink.streaming(recording));
      long downloadEnd = downloaded.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertTrue(firstWriteNanos.get() != 0 && firstWriteNanos.get() < downloadEnd,
          "output began " + (downloadEnd - firstWriteNanos.get()) / 1_000_000 + " ms before the download ended");
    }
    MediaCheck check = MediaCheck.of(((ByteArrayOutputStream) recording).toByteArray());
    assertEquals(75, check.videoFrames());
    assertEquals("vp8", check.video().orElseThrow().codecName());
    assertEquals(3000, check.lastAudioEndMillis(), 30);
  }

  @Test
  void cancelFromAnotherThreadStopsABlockedReadAtOnce() throws Exception {
    server.serve("/slow.mp4", fragmented).throttle(fragmented.length / 3); // three seconds: the cancel comes first
    try (FileSource source = FileSource.open(server.uri("/slow.mp4"), FileSourceOptions.builder(store).readTimeout(DEADLINE).build())) {
      CountDownLatch progressed = new CountDownLatch(1);
      Transcoder transcoder = Transcoder.from(RandomAccessInput.of(source)).format("matroska")
          .onProgress(p -> progressed.countDown(), Duration.ZERO).build();
      CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
        try {
          transcoder.run(OutputSink.streaming(new ByteArrayOutputStream()));
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      assertTrue(progressed.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the first frames were written");
      long cancelled = System.nanoTime();
      transcoder.cancel();
      Throwable thrown = outcome.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - cancelled) / 1_000_000;
      assertTrue(thrown instanceof TranscodeCancelledException, String.valueOf(thrown));
      assertTrue(stopMillis < 1000, "stopped " + stopMillis + " ms after the cancel");
    }
  }

  @Test
  void anInterruptStopsTheRunAndKeepsTheStatus() throws Exception {
    server.serve("/slow.mp4", fragmented).throttle(fragmented.length / 3);
    try (FileSource source = FileSource.open(server.uri("/slow.mp4"), FileSourceOptions.builder(store).readTimeout(DEADLINE).build())) {
      CountDownLatch progressed = new CountDownLatch(1);
      Transcoder transcoder = Transcoder.from(RandomAccessInput.of(source)).format("matroska")
          .onProgress(p -> progressed.countDown(), Duration.ZERO).build();
      CompletableFuture<String> outcome = new CompletableFuture<>();
      Thread runner = new Thread(() -> {
        try {
          transcoder.run(OutputSink.streaming(new ByteArrayOutputStream()));
          outcome.complete("finished");
        } catch (Throwable t) {
          outcome.complete(t.getClass().getSimpleName() + " interrupted=" + Thread.currentThread().isInterrupted());
        }
      });
      runner.start();
      assertTrue(progressed.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      runner.interrupt();
      assertEquals("TranscodeCancelledException interrupted=true", outcome.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void garbageInputIsATypedInputError() {
    byte[] garbage = new byte[64 << 10];
    new Random(7).nextBytes(garbage);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranscodeException e = assertThrows(TranscodeException.class,
        () -> Transcoder.from(RandomAccessInput.of(garbage)).format("matroska").build().run(OutputSink.streaming(out)));
    assertEquals(TranscodeException.Stage.INPUT, e.stage());
    assertTrue(e.getMessage().contains("cannot open the input"), e.getMessage());
    assertTrue(e.ffmpegError() < 0);
    assertEquals(0, out.size());
  }
}
