package dev.barbiton.examples;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.transcode.Previews;
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
 * {@code barbiton thumbnail URL --at SECONDS -o FILE}: one frame as PNG, JPEG or WebP; with {@code
 * --count N}, a contact sheet of N frames across the whole duration.
 */
@Command(name = "thumbnail", mixinStandardHelpOptions = true,
    description = "Write the video frame at the given time of URL as an image, or a contact sheet of --count frames"
        + " (only the bytes near each frame are fetched first).")
final class ThumbnailCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL of a video")
  URI url;

  @Option(names = "--at", paramLabel = "SECONDS", description = "time of the frame (default: ${DEFAULT-VALUE}; not with --count)")
  double at;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "where to write the image")
  Path output;

  @Option(names = "--width", paramLabel = "PX",
      description = "largest width (of each tile with --count); smaller frames keep theirs (default: ${DEFAULT-VALUE})")
  int width = 640;

  @Option(names = "--format", paramLabel = "png|jpg|webp", description = "image format (default: from the file's extension, else png)")
  String format;

  @Option(names = "--count", paramLabel = "N", description = "a contact sheet of N frames spread over the duration")
  int count;

  @Option(names = "--columns", paramLabel = "N", description = "tiles per row of a contact sheet (default: about the square root of --count)")
  int columns;

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Ffmpeg.preload(); // the natives load while the download starts
    if (at < 0) throw new ParameterException(spec.commandLine(), "--at < 0: " + at);
    if (count < 0 || columns < 0) throw new ParameterException(spec.commandLine(), "--count and --columns must be positive");
    if (count > 0 && at > 0) throw new ParameterException(spec.commandLine(), "--at and --count do not go together");
    Previews.ImageFormat image = imageFormat();
    OutputPaths.requireDirectoryOf(output);
    long start = System.nanoTime();
    try (Session session = common.session(url); FileSource source = session.open(url)) {
      Previews.InputOpener input = () -> RandomAccessInput.of(source);
      byte[] bytes = count > 0
          ? Previews.contactSheet(input, count, columns > 0 ? columns : (int) Math.ceil(Math.sqrt(count)), width, image)
          : Previews.frame(input, Duration.ofNanos((long) (at * 1e9)), width, image);
      Files.write(output, bytes);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("url", dev.barbiton.events.Redaction.url(url.toString()));
      result.put("file", output.toAbsolutePath().toString());
      result.put("format", image.name().toLowerCase(Locale.ROOT));
      if (count > 0) result.put("count", count);
      else result.put("atMs", (long) (at * 1000));
      result.put("bytes", bytes.length);
      result.put("requests", session.requests());
      result.put("networkBytes", session.networkBytes());
      result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
      Json.print(spec.commandLine().getOut(), common.json, result);
      return 0;
    }
  }

  private Previews.ImageFormat imageFormat() {
    String name = format;
    if (name == null) {
      String file = output.getFileName().toString();
      int dot = file.lastIndexOf('.');
      name = dot < 0 ? "png" : file.substring(dot + 1);
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "png" -> Previews.ImageFormat.PNG;
      case "jpg", "jpeg" -> Previews.ImageFormat.JPEG;
      case "webp" -> Previews.ImageFormat.WEBP;
      default -> {
        if (format == null) yield Previews.ImageFormat.PNG;
        throw new ParameterException(spec.commandLine(), "--format must be png, jpg or webp: " + format);
      }
    };
  }
}
