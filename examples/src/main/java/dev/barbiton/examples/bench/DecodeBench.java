package dev.barbiton.examples.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.FileEvent;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code decode}: demux and decode of a whole H.264 + AAC MP4 through the AVIO adapter ({@link
 * AvioDemuxer} + {@link SimpleDecoder}), once over the file's bytes in memory and once over a
 * {@link FileSource} whose resource is complete in the cache (opened with no request), against
 * FFmpeg opening the same file by path ({@link PathDecoder}). Each figure is the time for the whole
 * file, open to last frame; in each iteration the three ways run one after the other, and which
 * goes first turns from one iteration to the next.
 *
 * <p>The file is made for the run in this process ({@link SampleMedia}: FFmpeg's test sources,
 * 640×360 at 25 fps, H.264 at 1 Mbit/s, with a 440 Hz tone in AAC, moov first) in the run's
 * temporary directory.
 */
final class DecodeBench {
  static final String NAME = "decode";
  private static final String PATH = "/decode.mp4";

  private DecodeBench() {}

  static List<Figure> run(BenchContext context) throws Exception {
    int seconds = context.pick(20, 60);
    int iterations = 5;
    Path directory = context.newDirectory("decode");
    int logLevel = av_log_get_level();
    av_log_set_level(AV_LOG_ERROR);
    try (MediaServer server = MediaServer.start()) {
      context.progress(NAME + ": making a " + seconds + " s MP4");
      Path file = makeMedia(directory.resolve("media.mp4"), seconds);
      byte[] bytes = Files.readAllBytes(file);
      server.serve(PATH, bytes).contentType("video/mp4");
      try (AssetStore store = AssetStore.builder(directory.resolve("cache")).maxBytes(Long.MAX_VALUE).open()) {
        FileSourceOptions options = FileSourceOptions.builder(store).build();
        URI uri = server.uri(PATH);
        fill(uri, options);
        context.progress(NAME + ": " + (bytes.length >> 10) + " KiB file, " + iterations + " iterations");
        long frames = PathDecoder.decode(file); // warm-up
        check(frames, memory(bytes), "memory");
        check(frames, cached(uri, options), "cache");
        double[] byPath = new double[iterations];
        double[] inMemory = new double[iterations];
        double[] inCache = new double[iterations];
        for (int i = 0; i < iterations; i++) {
          for (int turn = 0; turn < 3; turn++) { // each way goes first, second and third in turn
            int way = (i + turn) % 3;
            long start = System.nanoTime();
            if (way == 0) PathDecoder.decode(file);
            else if (way == 1) memory(bytes);
            else cached(uri, options);
            double millis = (System.nanoTime() - start) / 1e6;
            (way == 0 ? byPath : way == 1 ? inMemory : inCache)[i] = millis;
          }
        }
        String baselineIs = "avformat_open_input(path) + the same decode loop";
        String note = seconds + " s 640x360 H.264 + AAC, " + frames + " frames";
        return List.of(
            Figure.of(NAME, "decode (memory)", inMemory, byPath, "ms", baselineIs,
                "AvioDemuxer.open(byte[]); " + note),
            Figure.of(NAME, "decode (cache)", inCache, byPath, "ms", baselineIs,
                "AvioDemuxer.open(FileSource), complete in cache; " + note));
      }
    } finally {
      av_log_set_level(logLevel);
      BenchContext.delete(directory);
    }
  }

  private static Path makeMedia(Path out, int seconds) throws IOException {
    return SampleMedia.mp4(seconds, true).size(640, 360).videoBitrate(1_000_000).writeTo(out);
  }

  /** Downloads the file into the cache, so that later sources open it complete. */
  private static void fill(URI uri, FileSourceOptions options) throws Exception {
    try (FileSource source = FileSource.open(uri, options)) {
      DownloadOutcome outcome = source.completion().get(60, TimeUnit.SECONDS);
      if (!(outcome instanceof DownloadOutcome.Finished)) throw new IOException("download of " + uri + " ended " + outcome);
    }
  }

  private static long memory(byte[] bytes) throws IOException {
    try (AvioDemuxer demuxer = AvioDemuxer.open(bytes); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      return drain(decoder);
    }
  }

  private static long cached(URI uri, FileSourceOptions options) throws IOException {
    try (FileSource source = FileSource.open(uri, options);
         AvioDemuxer demuxer = AvioDemuxer.open(source);
         SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      if (source.phase() != FileEvent.Phase.COMPLETE) throw new IOException("not complete in the cache: " + source.phase());
      return drain(decoder);
    }
  }

  private static long drain(SimpleDecoder decoder) throws IOException {
    long frames = 0;
    while (decoder.next().isPresent()) frames++;
    return frames;
  }

  private static void check(long expected, long frames, String way) throws IOException {
    if (frames != expected) throw new IOException("decode through " + way + " gave " + frames + " frames, by path " + expected);
  }
}
