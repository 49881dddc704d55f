package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.avio.StreamInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barbiton decode URL}: decode through the AVIO adapter while the file downloads. */
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
    long start = System.nanoTime();
    try (Session session = common.session();
        FileSource source = session.open(url);
        Progress progress = Progress.of(source, "decode", common.json, System.err);
        AvioDemuxer demuxer = AvioDemuxer.open(source);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      if (seekSeconds != null) decoder.seek((long) (seekSeconds * 1000));
      Tally tally = new Tally();
      while (tally.video < frames) {
        Optional<SimpleDecoder.Frame> frame = decoder.next();
        if (frame.isEmpty()) break;
        if (tally.firstFrameNanos < 0) {
          tally.firstFrameNanos = System.nanoTime() - start;
          tally.phaseAtFirstFrame = source.phase().name();
        }
        if (frame.get().type() == MediaType.VIDEO) {
          tally.video++;
          tally.lastVideoMs = frame.get().ptsMillis().orElse(tally.lastVideoMs);
        } else {
          tally.audio++;
        }
        if ((tally.video + tally.audio) % 50 == 0) progress.update("at " + tally.lastVideoMs / 1000.0 + " s");
      }
      progress.update("at " + tally.lastVideoMs / 1000.0 + " s");
      Json.print(spec.commandLine().getOut(), common.json, result(decoder, tally, start));
      return 0;
    }
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
  }

}
