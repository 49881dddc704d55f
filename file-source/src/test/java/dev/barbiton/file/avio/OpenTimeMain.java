package dev.barbiton.file.avio;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to first frame with {@link DemuxerOptions#ffmpegDefaults()} and {@link
 * DemuxerOptions#defaults()}: {@code AvioDemuxer.open} + {@code SimpleDecoder.open} + the first
 * decoded video frame, median of many runs, on test media made in-process (20 s, 320x240 H.264 +
 * AAC): in memory, and over a loopback server throttled to 2 MB/s into a fresh store each run.
 * The two settings alternate run by run so that drift hits both alike.
 *
 * <p>To run it (the class path is the test class path surefire records):
 *
 * <pre>
 * mvn -B -ntp -q -o -pl file-source -am test -Dtest=DemuxerOptionsTest -Dsurefire.failIfNoSpecifiedTests=false
 * cd file-source
 * CP=$(sed -n 's|.*name="surefire.test.class.path" value="\([^"]*\)".*|\1|p' \
 *     target/surefire-reports/TEST-dev.barbiton.file.avio.DemuxerOptionsTest.xml)
 * java -cp "$CP" dev.barbiton.file.avio.OpenTimeMain 15
 * </pre>
 *
 * Besides the two MP4s it makes and measures MPEG-TS files (720p, 6 Mb/s), the audio on time or
 * starting 3 s or 8 s late, and each setting with {@code skip_estimate_duration_from_pts}.
 */
public final class OpenTimeMain {
  private static final long THROTTLE = 2_000_000;

  private OpenTimeMain() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    Map<String, Path> media = new LinkedHashMap<>();
    media.put("moov-at-end MP4", SampleMedia.mp4(20, false).cachedIn(TestMedia.dir()));
    media.put("fragmented MP4", SampleMedia.fragmented(20, 1.0, true, false).cachedIn(TestMedia.dir()));
    media.put("TS 720p", hdMpegTs(0));
    media.put("TS 720p, audio 3s", hdMpegTs(3));
    media.put("TS 720p, audio 8s", hdMpegTs(8));
    Map<String, DemuxerOptions> settings = new LinkedHashMap<>();
    settings.put("FFmpeg defaults", DemuxerOptions.ffmpegDefaults());
    settings.put("Barbiton defaults", DemuxerOptions.defaults());
    if (System.getProperty("probeSize") != null) {
      settings.put("candidate", DemuxerOptions.builder().probeSize(Long.getLong("probeSize"))
          .analyzeDuration(java.time.Duration.ofMillis(Long.getLong("analyzeMillis", 1000))).build());
    }
    // MPEG-TS: FFmpeg reads the end of the file for the duration; over a download that costs a seek.
    settings.put("FFmpeg + skip_est", DemuxerOptions.ffmpegDefaults().newBuilder()
        .formatOption("skip_estimate_duration_from_pts", "1").build());
    settings.put("Barbiton + skip_est", DemuxerOptions.defaults().newBuilder()
        .formatOption("skip_estimate_duration_from_pts", "1").build());
    System.out.printf(Locale.ROOT, "%-18s %-18s %12s %12s   %s%n", "media", "options", "memory ms", "loopback ms",
        "streams as open() describes them");
    try (MediaServer server = MediaServer.start()) {
      Path dir = Files.createTempDirectory("open-time");
      for (Map.Entry<String, Path> m : media.entrySet()) {
        byte[] bytes = Files.readAllBytes(m.getValue());
        String path = "/" + m.getValue().getFileName();
        server.serve(path, bytes).throttle(THROTTLE);
        Map<String, List<Double>> memory = new LinkedHashMap<>();
        Map<String, List<Double>> loopback = new LinkedHashMap<>();
        for (int warm = 0; warm < 3; warm++) {
          for (DemuxerOptions o : settings.values()) inMemory(bytes, o);
        }
        for (int run = 0; run < runs; run++) {
          for (Map.Entry<String, DemuxerOptions> s : settings.entrySet()) {
            memory.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(inMemory(bytes, s.getValue()));
          }
        }
        int loopbackRuns = Math.max(3, runs / 3);
        for (int run = 0; run < loopbackRuns; run++) {
          for (Map.Entry<String, DemuxerOptions> s : settings.entrySet()) {
            Path cache = dir.resolve("store-" + run + "-" + s.getKey().hashCode());
            loopback.computeIfAbsent(s.getKey(), k -> new ArrayList<>())
                .add(overLoopback(server, path, cache, s.getValue()));
          }
        }
        for (Map.Entry<String, DemuxerOptions> s : settings.entrySet()) {
          System.out.printf(Locale.ROOT, "%-18s %-18s %12.1f %12.1f   %s%n", m.getKey(), s.getKey(),
              median(memory.get(s.getKey())), median(loopback.get(s.getKey())), described(bytes, s.getValue()));
        }
      }
    }
    System.out.printf(Locale.ROOT, "(medians: %d runs in memory, %d over loopback at %d B/s)%n",
        runs, Math.max(3, runs / 3), THROTTLE);
  }

  private static double inMemory(byte[] bytes, DemuxerOptions options) throws IOException {
    long start = System.nanoTime();
    firstFrame(RandomAccessInput.of(bytes), options);
    return (System.nanoTime() - start) / 1e6;
  }

  private static double overLoopback(MediaServer server, String path, Path cache, DemuxerOptions options)
      throws IOException {
    try (AssetStore store = AssetStore.open(cache)) {
      long start = System.nanoTime();
      try (FileSource source = FileSource.open(server.uri(path), FileSourceOptions.builder(store).build())) {
        firstFrame(RandomAccessInput.of(source), options);
        return (System.nanoTime() - start) / 1e6;
      }
    }
  }

  private static void firstFrame(RandomAccessInput input, DemuxerOptions options) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(input, options); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      AvioTestSupport.nextVideoFrame(decoder);
    }
  }

  /** Each stream's codec and what FFmpeg found of it: size for video, channels for audio. */
  private static String described(byte[] bytes, DemuxerOptions options) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(bytes), options)) {
      StringBuilder out = new StringBuilder();
      for (StreamInfo s : demuxer.streams()) {
        if (out.length() > 0) out.append(", ");
        out.append(s.codecName()).append(' ');
        out.append(s.type() == MediaType.VIDEO ? s.width() + "x" + s.height() : s.channels() + " ch");
      }
      return out.toString();
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A 10 s MPEG-TS at 1280x720 and 6 Mb/s, where 2 s of video are 1.5 MB; the audio {@code audioDelaySeconds} late. */
  static Path hdMpegTs(int audioDelaySeconds) {
    return AvioTestSupport.mpegTs(10, 1280, 720, 6_000_000, 128_000, audioDelaySeconds);
  }
}
