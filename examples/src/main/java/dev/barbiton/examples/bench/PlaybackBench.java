package dev.barbiton.examples.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * {@code ttff} and the decoded-frame half of {@code seek}, in a warm JVM (FFmpeg's natives loaded,
 * a warm-up iteration of each side per file first): Barbiton ({@link BarbitonPlayback}: {@code
 * FileSource} into a fresh cache, {@code AvioDemuxer}) against FFmpeg's own http protocol in the
 * same JVM ({@link FfmpegHttpPlayback}), both decoding with {@link FrameDecoder}, both reading the
 * same loopback {@link MediaServer}, each of the {@link BenchMedia} files served paced at 2 MB/s
 * and at full speed.
 *
 * <ul>
 *   <li>{@code ttff <file> <speed>} (ms): open of the URL to the first decoded video frame (audio
 *       for MP3). Goal: ratio ≤ 1.0.
 *   <li>{@code seek frame <file> <speed>} (ms): after that first frame, the download still
 *       running, a seek to 90 % of the duration to the next decoded frame. Goal: ratio ≤ 0.5.
 * </ul>
 *
 * <p>In each iteration both sides run once, taking turns to go first; Barbiton gets a fresh cache
 * directory and store (opened before the clock starts, as an app opens its store once). Each side
 * of an iteration has {@link #LIMIT}: a case that slow shows as a timeout, never a hang.
 */
final class PlaybackBench {
  static final String TTFF = "ttff";
  /** The time limit of one side of one iteration (first frame and seek together). */
  static final Duration LIMIT = Duration.ofSeconds(60);

  /** A serving speed: a label and the server's pace (0 = unthrottled). */
  record Speed(String label, long bytesPerSecond) {}

  static final List<Speed> SPEEDS = List.of(new Speed("2MB/s", 2_000_000), new Speed("loopback", 0));

  private final BenchContext context;
  private final OkHttpClient client;
  private final ScheduledExecutorService watchdog;

  private PlaybackBench(BenchContext context, OkHttpClient client, ScheduledExecutorService watchdog) {
    this.context = context;
    this.client = client;
    this.watchdog = watchdog;
  }

  /** The {@code ttff} figures if {@code ttff}, then the seek figures if {@code seek}. */
  static List<Figure> run(BenchContext context, BenchMedia media, boolean ttff, boolean seek) throws Exception {
    if (!ttff && !seek) return List.of();
    int logLevel = av_log_get_level();
    av_log_set_level(AV_LOG_FATAL); // deliberate timeouts and closes would log errors
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(LIMIT).build();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "barbiton-bench-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    try (MediaServer server = MediaServer.start()) {
      PlaybackBench bench = new PlaybackBench(context, client, watchdog);
      List<Figure> ttffFigures = new ArrayList<>();
      List<Figure> seekFigures = new ArrayList<>();
      for (BenchMedia.Kind kind : BenchMedia.Kind.values()) {
        bench.measure(server, media.get(kind), ttff ? ttffFigures : null, seek ? seekFigures : null);
      }
      List<Figure> all = new ArrayList<>(ttffFigures);
      all.addAll(seekFigures);
      return all;
    } finally {
      av_log_set_level(logLevel);
      watchdog.shutdownNow();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private void measure(MediaServer server, BenchMedia.MediaFile file, List<Figure> ttff, List<Figure> seek)
      throws IOException {
    String path = "/" + file.path().getFileName();
    MediaResource resource = server.serve(path, Files.readAllBytes(file.path())).contentType(file.kind().contentType);
    URI uri = server.uri(path);
    int iterations = context.pick(3, 5);
    String what = ttff == null ? SeekBench.NAME : seek == null ? TTFF : TTFF + "+" + SeekBench.NAME;
    context.progress(what + ": " + file.describe() + ", " + iterations + " iterations per speed");
    resource.throttle(0);
    iterate(uri, 1, seek != null); // warm-up, not counted
    for (Speed speed : SPEEDS) {
      resource.throttle(speed.bytesPerSecond());
      Runs runs = iterate(uri, iterations, seek != null);
      String name = file.kind().label + " " + speed.label();
      String served = file.describe() + (speed.bytesPerSecond() == 0 ? ", unthrottled"
          : ", paced at " + speed.bytesPerSecond() / 1_000_000 + " MB/s");
      String frame = file.kind() == BenchMedia.Kind.MP3 ? "audio frame" : "video frame";
      if (ttff != null) {
        ttff.add(Figure.timed(TTFF, TTFF + " " + name, runs.barbitonFirstFrame(), runs.ffmpegFirstFrame(),
            "FFmpeg's http protocol, same JVM and decode loop",
            "open to the first decoded " + frame + "; " + served + "; goal <= 1.0"));
      }
      if (seek != null) {
        seek.add(Figure.timed(SeekBench.NAME, "seek frame " + name, runs.barbitonSeek(), runs.ffmpegSeek(),
            "avformat_seek_file on FFmpeg's http context, same decode loop",
            "after the first frame, seek to 90 % to the next decoded " + frame + "; " + served + "; goal <= 0.5"));
      }
    }
  }

  /** The samples of both sides; the seek ones stay empty when the seek is not measured. */
  private record Runs(Samples barbitonFirstFrame, Samples ffmpegFirstFrame, Samples barbitonSeek, Samples ffmpegSeek) {
    Runs() {
      this(new Samples(LIMIT.toMillis()), new Samples(LIMIT.toMillis()), new Samples(LIMIT.toMillis()),
          new Samples(LIMIT.toMillis()));
    }
  }

  /** Runs {@code iterations} of both sides, taking turns to go first. */
  private Runs iterate(URI uri, int iterations, boolean seek) throws IOException {
    Runs runs = new Runs();
    for (int i = 0; i < iterations; i++) {
      if (i % 2 == 0) barbiton(uri, runs.barbitonFirstFrame(), seek ? runs.barbitonSeek() : null);
      PlaybackTrial.run(deadline -> FfmpegHttpPlayback.open(uri, deadline), LIMIT, runs.ffmpegFirstFrame(),
          seek ? runs.ffmpegSeek() : null);
      if (i % 2 == 1) barbiton(uri, runs.barbitonFirstFrame(), seek ? runs.barbitonSeek() : null);
    }
    return runs;
  }

  private void barbiton(URI uri, Samples firstFrame, Samples seek) throws IOException {
    Path directory = context.newDirectory("playback-cache");
    try (AssetStore store = AssetStore.builder(directory).maxBytes(Long.MAX_VALUE).open()) {
      FileSourceOptions options = FileSourceOptions.builder(store).client(client).readTimeout(LIMIT).build();
      PlaybackTrial.run(deadline -> BarbitonPlayback.open(uri, options, deadline, watchdog), LIMIT, firstFrame, seek);
    } finally {
      BenchContext.delete(directory);
    }
  }
}
