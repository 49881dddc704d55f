package dev.barbiton.file.avio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@link Ffmpeg#preload()} in a fresh JVM: prints what loading each library cost, or how it
 * failed, and which FFmpeg libraries ended up mapped into the process. Run by {@link
 * FfmpegPreloadTest}. To measure (the class path is the test class path surefire records):
 *
 * <pre>
 * mvn -B -ntp -q -o -pl file-source -am test -Dtest=DemuxerOptionsTest -Dsurefire.failIfNoSpecifiedTests=false
 * cd file-source
 * CP=$(sed -n 's|.*name="surefire.test.class.path" value="\([^"]*\)".*|\1|p' \
 *     target/surefire-reports/TEST-dev.barbiton.file.avio.DemuxerOptionsTest.xml)
 * for i in 1 2 3 4 5 6 7; do java -cp "$CP" dev.barbiton.file.avio.PreloadMain | grep loaded; done
 * for i in 1 2 3; do rm -rf /tmp/jcpp; java -Dorg.bytedeco.javacpp.cachedir=/tmp/jcpp -cp "$CP" \
 *     dev.barbiton.file.avio.PreloadMain | grep loaded; done
 * </pre>
 *
 * (the second loop: first runs, with JavaCPP's cache of extracted libraries empty).
 */
public final class PreloadMain {
  private PreloadMain() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    CompletableFuture<Ffmpeg.LoadTimes> preload = Ffmpeg.preload();
    long returned = System.nanoTime() - start;
    System.out.println("same " + (preload == Ffmpeg.preload()));
    System.out.printf(Locale.ROOT, "returned %.1f ms%n", returned / 1e6);
    try {
      Ffmpeg.LoadTimes times = preload.get();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "loaded total %.1f ms:", ms(times.total())));
      for (Map.Entry<String, Duration> e : times.libraries().entrySet()) {
        line.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), ms(e.getValue())));
      }
      System.out.println(line);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String library = cause instanceof FfmpegUnavailableException u ? u.library() : "?";
      System.out.println("failed " + cause.getClass().getSimpleName() + " " + library);
    }
    printMapped();
  }

  /** Prints, for each FFmpeg library and for PulseAudio's client, whether this process maps it. */
  public static void printMapped() throws java.io.IOException {
    String maps = Files.readString(Path.of("/proc/self/maps"));
    for (String library : new String[] {"avutil", "swresample", "avcodec", "avformat", "swscale", "avdevice", "avfilter", "pulse"}) {
      System.out.println("mapped " + library + " " + maps.contains("/lib" + library + ".so"));
    }
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }
}
