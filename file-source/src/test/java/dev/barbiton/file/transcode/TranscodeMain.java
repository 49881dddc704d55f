package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.PreloadMain;
import dev.barbiton.file.avio.RandomAccessInput;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/**
 * A transcode, a preview and a frame reader in a fresh JVM, then which native libraries the
 * process maps: run by {@link NativeLibrariesTest}, which checks that none of it needs libavdevice
 * or libpulse.
 */
public final class TranscodeMain {
  private TranscodeMain() {}

  public static void main(String[] args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranscodeResult result = Transcoder.from(GeneratedSource.testPattern(64, 48, 25, Duration.ofMillis(400))).format("matroska")
        .build().run(OutputSink.streaming(out));
    System.out.println("frames " + result.videoFrames());
    byte[] media = out.toByteArray();
    byte[] png = Previews.frame(() -> RandomAccessInput.of(media), Duration.ZERO, 32, Previews.ImageFormat.PNG);
    System.out.println("png " + (png.length > 0));
    try (FrameReader frames = FrameReader.open(RandomAccessInput.of(media), FrameReader.Options.video(FrameReader.PixelFormat.RGB24, 0, 0))) {
      System.out.println("frame " + frames.next().isPresent());
    }
    PreloadMain.printMapped();
  }
}
