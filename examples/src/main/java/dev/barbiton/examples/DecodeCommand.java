package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.avio.StreamInfo;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code barbiton decode URL}: decode through the AVIO adapter while the file downloads. The
 * result (text, or JSON with {@code --json}) has the codecs, frame counts, time to first frame and
 * the download's phase then, and {@code timings}: where the time to the first video frame went,
 * from the JVM's start (see {@link #timings}).
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Decode URL through FFmpeg while it downloads; print frames, codec, size and time to first frame.")
final class DecodeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL to decode")
  URI url;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--frames", paramLabel = "N", description = "stop after N video frames (default: all)")
  long frames = Long.MAX_VALUE;

  @Option(names = "--seek", paramLabel = "SECONDS", description = "seek there before decoding")
  Double seekSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (frames < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--frames < 1: " + frames);
    long commandStartMillis = System.currentTimeMillis();
    long start = System.nanoTime();
    // FFmpeg's natives load on their own thread while the store opens and the download starts.
    CompletableFuture<Ffmpeg.LoadTimes> natives = Ffmpeg.preload();
    Tally tally = new Tally();
    try (Session session = common.session(url); FileSource source = session.open(url)) {
      Map<String, Object> result;
      try (Progress progress = common.progress(source, "decode")) {
        tally.sourceOpened = System.nanoTime();
        tally.nativeLoad = natives.join().total();
        tally.nativesLoaded = System.nanoTime();
        try (AvioDemuxer demuxer = AvioDemuxer.open(source);
            SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
          tally.opened = System.nanoTime();
          if (seekSeconds != null) decoder.seek((long) (seekSeconds * 1000));
          decode(decoder, source, progress, tally, start);
          result = result(decoder, tally, start);
        }
      } // the bar's line ends before the result is printed
      result.put("timings", timings(tally, commandStartMillis, start));
      result.put("nativeLoadTotalMs", tally.nativeLoad.toMillis());
      result.put("metrics", source.metrics().asMap());
      Json.print(spec.commandLine().getOut(), common.json, result);
      return 0;
    }
  }

  private void decode(SimpleDecoder decoder, FileSource source, Progress progress, Tally tally, long start)
      throws java.io.IOException {
    while (tally.video < frames) {
      Optional<SimpleDecoder.Frame> frame = decoder.next();
      if (frame.isEmpty()) break;
      long now = System.nanoTime();
      if (tally.firstFrameNanos < 0) {
        tally.firstFrameNanos = now - start;
        tally.phaseAtFirstFrame = source.phase().name();
      }
      boolean video = frame.get().type() == MediaType.VIDEO;
      if (tally.firstTimedFrame < 0 && (video || decoder.videoStream().isEmpty())) tally.firstTimedFrame = now;
      if (video) {
        tally.video++;
        tally.lastVideoMs = frame.get().ptsMillis().orElse(tally.lastVideoMs);
      } else {
        tally.audio++;
      }
      if ((tally.video + tally.audio) % 50 == 0) progress.update(at(tally.lastVideoMs));
    }
    progress.update(at(tally.lastVideoMs));
  }

  private static String at(long ms) {
    return String.format(Locale.ROOT, "at %.1f s", ms / 1000.0);
  }

  /**
   * Five consecutive phases, in ms, that add up to the time from the JVM's start to the first
   * video frame (the first frame when there is no video):
   *
   * <ul>
   *   <li>{@code jvmStartMs}: from the JVM's start ({@code RuntimeMXBean.getStartTime}) to this
   *       command starting (class loading, argument parsing);
   *   <li>{@code sourceOpenMs}: the cache store, the HTTP client and {@code FileSource.open}, which
   *       starts the download (it runs on during the next phases);
   *   <li>{@code nativeLoadMs}: waiting for FFmpeg's native libraries, which load on a thread of
   *       their own from the command's start ({@code Ffmpeg.preload}): what the source's open did
   *       not hide ({@code nativeLoadTotalMs}, beside the timings, is how long loading took);
   *   <li>{@code openMs}: {@code AvioDemuxer.open} (probe, header, stream info, over the network)
   *       and the decoders;
   *   <li>{@code firstFrameMs}: from there (and the {@code --seek}, if any) to that frame; null if
   *       there was none.
   * </ul>
   */
  private static Map<String, Object> timings(Tally tally, long commandStartMillis, long start) {
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("jvmStartMs", commandStartMillis - ManagementFactory.getRuntimeMXBean().getStartTime());
    timings.put("sourceOpenMs", (tally.sourceOpened - start) / 1_000_000);
    timings.put("nativeLoadMs", (tally.nativesLoaded - tally.sourceOpened) / 1_000_000);
    timings.put("openMs", (tally.opened - tally.nativesLoaded) / 1_000_000);
    timings.put("firstFrameMs", tally.firstTimedFrame < 0 ? null : (tally.firstTimedFrame - tally.opened) / 1_000_000);
    return timings;
  }

  private Map<String, Object> result(SimpleDecoder decoder, Tally tally, long start) {
    Optional<StreamInfo> video = decoder.videoStream();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("url", dev.barbiton.events.Redaction.url(url.toString()));
    result.put("codec", video.or(decoder::audioStream).map(StreamInfo::codecName).orElse(null));
    result.put("width", video.map(StreamInfo::width).orElse(0));
    result.put("height", video.map(StreamInfo::height).orElse(0));
    result.put("audioCodec", decoder.audioStream().map(StreamInfo::codecName).orElse(null));
    result.put("videoFrames", tally.video);
    result.put("audioFrames", tally.audio);
    result.put("firstFrameMs", tally.firstFrameNanos < 0 ? null : tally.firstFrameNanos / 1_000_000);
    result.put("phaseAtFirstFrame", tally.phaseAtFirstFrame == null ? null : tally.phaseAtFirstFrame.toLowerCase(Locale.ROOT));
    result.put("lastVideoPtsMs", tally.lastVideoMs);
    result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  private static final class Tally {
    long video;
    long audio;
    long firstFrameNanos = -1;
    String phaseAtFirstFrame;
    long lastVideoMs;
    /** nanoTime at the end of each phase: the source open, the native load, the demuxer open. */
    long sourceOpened;
    long nativesLoaded;
    /** How long loading FFmpeg's natives took on their own thread. */
    java.time.Duration nativeLoad = java.time.Duration.ZERO;
    long opened;
    /** nanoTime of the first video frame (first frame without video), or -1. */
    long firstTimedFrame = -1;
  }

}
