package dev.barbiton.file.avio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Opens the file named by its argument (expected to be broken, so that FFmpeg logs), then prints
 * how the open ended and FFmpeg's log level: run in a child JVM by {@link FfmpegLogTest}, which
 * reads what reached SLF4J (pointed at stdout) and what reached stderr (nothing must).
 */
public final class FfmpegLogMain {
  private FfmpegLogMain() {}

  public static void main(String[] args) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    try {
      AvioDemuxer.open(bytes).close();
      System.out.println("result opened");
    } catch (AvioException e) {
      System.out.println("result failed " + e.stage());
    }
    System.out.println("av_log_level " + avutil.av_log_get_level());
  }
}
