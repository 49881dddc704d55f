package dev.barbiton.examples;

import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.StreamInfo;
import dev.barbiton.file.mp4.SegmentIndex;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code barbiton probe URL}: media info with each track's details (read without FFmpeg), FFmpeg's
 * stream info, segment index summary.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "Print the container, the codecs and each track's details (codec string, size, bit depth, colour, HDR,"
        + " sample format, duration, bitrate, frame rate, keyframe interval), FFmpeg's stream info and the"
        + " fragmented-MP4 segment index of URL.")
final class ProbeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL to probe")
  URI url;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--no-wait", description = "do not wait for the whole file (the segment index may then be provisional or absent)")
  boolean noWait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ffmpeg.preload(); // the natives load while the download starts
    try (Session session = common.session(url); FileSource source = session.open(url)) {
      List<Map<String, Object>> streams = new ArrayList<>();
      long durationMs;
      try (AvioDemuxer demuxer = AvioDemuxer.open(source)) {
        for (StreamInfo s : demuxer.streams()) streams.add(describe(s));
        durationMs = demuxer.duration().map(java.time.Duration::toMillis).orElse(-1L);
      }
      if (!noWait) {
        DownloadOutcome outcome = source.completion().get();
        if (outcome instanceof DownloadOutcome.Failed failed) throw failed.cause();
      }
      Optional<MediaInfo> info = source.mediaInfo();
      Optional<SegmentIndex> index = source.segmentIndex();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("url", dev.barbiton.events.Redaction.url(url.toString()));
      result.put("container", info.map(i -> i.container().name().toLowerCase(java.util.Locale.ROOT)).orElse("unknown"));
      result.put("mimeType", info.flatMap(MediaInfo::mimeType).orElse(null));
      result.put("contentType", info.flatMap(MediaInfo::contentType).orElse(null));
      result.put("codecs", info.map(MediaInfo::codecs).orElse(List.of()));
      List<TrackDetails> tracks = info.map(MediaInfo::tracks).orElse(List.of());
      result.put("tracks", common.json ? tracks.stream().map(TrackFacts::json).toList() : TrackFacts.lines(tracks));
      result.put("durationMs", durationMs < 0 ? null : durationMs);
      result.put("length", source.length().isPresent() ? source.length().getAsLong() : null);
      result.put("streams", streams);
      result.put("segments", index.map(i -> i.segments().size()).orElse(null));
      result.put("segmentIndexProvisional", index.map(SegmentIndex::isProvisional).orElse(null));
      index.ifPresent(i -> result.put("segmentDurationsMs", i.segments().stream().mapToLong(s -> s.durationMillis()).summaryStatistics().toString()));
      Json.print(spec.commandLine().getOut(), common.json, result);
      return 0;
    }
  }

  private static Map<String, Object> describe(StreamInfo s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", s.index());
    m.put("type", s.type().name().toLowerCase(java.util.Locale.ROOT));
    m.put("codec", s.codecName());
    if (s.width() > 0) {
      m.put("width", s.width());
      m.put("height", s.height());
    }
    if (s.frameRate() > 0) m.put("frameRate", Math.round(s.frameRate() * 1000) / 1000.0);
    if (!s.pixelFormat().isEmpty()) m.put("pixelFormat", s.pixelFormat());
    if (s.sampleRate() > 0) {
      m.put("sampleRate", s.sampleRate());
      m.put("channels", s.channels());
    }
    if (!s.sampleFormat().isEmpty()) m.put("sampleFormat", s.sampleFormat());
    if (s.bitRate() > 0) m.put("bitRate", s.bitRate());
    s.language().ifPresent(language -> m.put("language", language));
    s.duration().ifPresent(d -> m.put("durationMs", d.toMillis()));
    return m;
  }

}
