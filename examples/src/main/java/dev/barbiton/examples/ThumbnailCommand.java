package dev.barbiton.examples;

import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.Thumbnails;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barbiton thumbnail URL --at SECONDS -o FILE.png}: one frame as a PNG. */
@Command(name = "thumbnail", mixinStandardHelpOptions = true,
    description = "Write the video frame at the given time of URL as a PNG (only the bytes needed are fetched first).")
final class ThumbnailCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL of a video")
  URI url;

  @Option(names = "--at", paramLabel = "SECONDS", required = true, description = "time of the frame")
  double at;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", required = true, description = "where to write the PNG")
  Path output;

  @Option(names = "--width", paramLabel = "PX", description = "largest width; smaller frames keep theirs (default: ${DEFAULT-VALUE})")
  int width = 640;

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ffmpeg.preload(); // the natives load while the download starts
    if (at < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--at < 0: " + at);
    long start = System.nanoTime();
    try (Session session = common.session(url);
        FileSource source = session.open(url);
        AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      Thumbnails.writePng(demuxer, Duration.ofMillis((long) (at * 1000)), width, output);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("url", dev.barbiton.events.Redaction.url(url.toString()));
      result.put("file", output.toAbsolutePath().toString());
      result.put("atMs", (long) (at * 1000));
      result.put("requests", session.requests());
      result.put("networkBytes", session.networkBytes());
      result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
      Json.print(spec.commandLine().getOut(), common.json, result);
      return 0;
    }
  }
}
