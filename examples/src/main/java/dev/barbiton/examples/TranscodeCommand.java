package dev.barbiton.examples;

import dev.barbiton.events.Redaction;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.TranscodeResult;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barbiton transcode URL -o FILE}: convert while downloading, through FFmpeg's libraries in
 * this process (read AVIO on the download, write AVIO on the output).
 */
@Command(name = "transcode", mixinStandardHelpOptions = true,
    description = "Convert URL while it downloads: re-encode, filter, cut, or copy the streams into another container.")
final class TranscodeCommand implements Callable<Integer> {
  /** The muxer a file name's extension implies. */
  private static final Map<String, String> FORMATS = Map.ofEntries(Map.entry("mp4", "mp4"), Map.entry("m4v", "mp4"),
      Map.entry("m4a", "ipod"), Map.entry("mov", "mov"), Map.entry("mkv", "matroska"), Map.entry("mka", "matroska"),
      Map.entry("webm", "webm"), Map.entry("ts", "mpegts"), Map.entry("gif", "gif"), Map.entry("mp3", "mp3"),
      Map.entry("ogg", "ogg"), Map.entry("opus", "ogg"), Map.entry("flac", "flac"));

  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL of the media")
  URI url;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "where to write; '-' for stdout (a stream: no seeking, so MP4 needs --option movflags=frag_keyframe+empty_moov)")
  String output;

  @Option(names = "--format", paramLabel = "F", description = "output format (FFmpeg's muxer name); default: from the file's extension")
  String format;

  @Option(names = "--vcodec", paramLabel = "C", description = "video encoder (libopenh264, libvpx-vp9, libaom-av1, ...); default: by format")
  String videoCodec;

  @Option(names = "--acodec", paramLabel = "C", description = "audio encoder (aac, libopus, libmp3lame, flac, ...); default: by format")
  String audioCodec;

  @Option(names = "--vf", paramLabel = "GRAPH", description = "video filter graph, e.g. scale=1280:-2")
  String videoFilter;

  @Option(names = "--af", paramLabel = "GRAPH", description = "audio filter graph, e.g. volume=0.5")
  String audioFilter;

  @Option(names = "--vb", paramLabel = "BITS", description = "video bit rate in bits per second")
  long videoBitrate;

  @Option(names = "--ab", paramLabel = "BITS", description = "audio bit rate in bits per second")
  long audioBitrate;

  @Option(names = "--copy-video", description = "copy the video packets as they are") boolean copyVideo;
  @Option(names = "--copy-audio", description = "copy the audio packets as they are") boolean copyAudio;
  @Option(names = "--no-video", description = "leave the video out") boolean noVideo;
  @Option(names = "--no-audio", description = "leave the audio out") boolean noAudio;

  @Option(names = "--start", paramLabel = "S", description = "start at this time (seconds)")
  double start;

  @Option(names = "--duration", paramLabel = "S", description = "at most this long (seconds)")
  double duration;

  @Option(names = "--option", paramLabel = "K=V", description = "an output format option, e.g. movflags=frag_keyframe+empty_moov")
  Map<String, String> formatOptions = new LinkedHashMap<>();

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ffmpeg.preload(); // the natives load while the download starts
    boolean toStdout = output.equals("-");
    if (!toStdout) OutputPaths.requireDirectoryOf(Path.of(output));
    String muxer = format != null ? format : formatOf(output);
    VideoSettings video = videoSettings(muxer);
    AudioSettings audio = audioSettings(muxer);
    // With -o -, stdout carries the media: the summary goes to stderr.
    PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
    long started = System.nanoTime();
    try (Session session = common.session(url); FileSource source = session.open(url);
        Progress progress = common.progress(source, "transcode")) {
      Transcoder.Builder builder = Transcoder.from(RandomAccessInput.of(source)).video(video).audio(audio).format(muxer)
          .onProgress(p -> progress.update(String.format(Locale.ROOT, "%.1f s encoded, %.1fx", p.mediaTime().toMillis() / 1000.0, p.speed())));
      formatOptions.forEach(builder::formatOption);
      if (start > 0) builder.start(seconds(start));
      if (duration > 0) builder.duration(seconds(duration));
      TranscodeResult result;
      if (toStdout) {
        OutputStream stdout = System.out;
        result = builder.build().run(OutputSink.streaming(stdout));
      } else {
        Path file = Path.of(output);
        try {
          result = builder.build().run(OutputSink.of(file));
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(file); // an unfinished output is not one to keep
          throw e;
        }
      }
      progress.close();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("outcome", "completed");
      json.put("url", Redaction.url(url.toString()));
      json.put("output", toStdout ? "-" : Path.of(output).toAbsolutePath().toString());
      json.put("format", result.format());
      json.put("videoCodec", result.videoCodec().orElse(null));
      json.put("audioCodec", result.audioCodec().orElse(null));
      json.put("durationMs", result.duration().toMillis());
      json.put("videoFrames", result.videoFrames());
      json.put("audioFrames", result.audioFrames());
      json.put("bytes", result.bytes());
      json.put("corruptPackets", result.corruptPackets());
      json.put("requests", session.requests());
      json.put("networkBytes", session.networkBytes());
      json.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
      json.put("transcodeMs", result.elapsed().toMillis());
      Json.print(report, common.json, json);
      return 0;
    }
  }

  private VideoSettings videoSettings(String muxer) {
    if (noVideo || isAudioOnly(muxer)) return VideoSettings.none();
    if (copyVideo) return VideoSettings.copy();
    VideoSettings video = VideoSettings.encode(videoCodec != null ? videoCodec : defaultVideoCodec(muxer));
    if (videoFilter != null) video = video.filter(videoFilter);
    if (videoBitrate > 0) video = video.bitrate(videoBitrate);
    return video;
  }

  private AudioSettings audioSettings(String muxer) {
    if (noAudio || muxer.equals("gif")) return AudioSettings.none();
    if (copyAudio) return AudioSettings.copy();
    AudioSettings audio = AudioSettings.encode(audioCodec != null ? audioCodec : defaultAudioCodec(muxer));
    if (audioFilter != null) audio = audio.filter(audioFilter);
    if (audioBitrate > 0) audio = audio.bitrate(audioBitrate);
    return audio;
  }

  private String formatOf(String file) {
    if (file.equals("-")) throw new ParameterException(spec.commandLine(), "with -o -, say the format: --format webm, mpegts, ...");
    int dot = file.lastIndexOf('.');
    String muxer = dot < 0 ? null : FORMATS.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (muxer == null) throw new ParameterException(spec.commandLine(), "cannot tell the format from '" + file + "': add --format");
    return muxer;
  }

  private static boolean isAudioOnly(String muxer) {
    return muxer.equals("mp3") || muxer.equals("ogg") || muxer.equals("flac") || muxer.equals("ipod");
  }

  private static String defaultVideoCodec(String muxer) {
    return switch (muxer) {
      case "webm" -> "libvpx-vp9";
      case "gif" -> "gif";
      default -> "libopenh264";
    };
  }

  private static String defaultAudioCodec(String muxer) {
    return switch (muxer) {
      case "webm", "ogg" -> "libopus";
      case "mp3" -> "libmp3lame";
      case "flac" -> "flac";
      default -> "aac";
    };
  }

  private static Duration seconds(double value) {
    return Duration.ofNanos((long) (value * 1e9));
  }
}
