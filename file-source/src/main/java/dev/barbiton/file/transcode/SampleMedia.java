package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.OutputSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sample media files made in this process from FFmpeg's test sources ({@code testsrc2} and a
 * 440 Hz sine), in the layouts progressive download meets: an MP4 with its {@code moov} first or
 * last, a fragmented MP4 with or without a {@code sidx}, Matroska, WebM. For demos, benchmarks and
 * tests: nothing to download, no {@code ffmpeg} executable.
 *
 * <p>Default content: 320×240 at 25 fps, H.264 (libopenh264, 400 kbit/s, a keyframe every second)
 * and AAC (64 kbit/s, 44.1 kHz mono); WebM is VP9 and Opus. Immutable: each setter returns a new
 * value.
 */
public final class SampleMedia {
  private enum Layout { MOOV_FIRST, MOOV_LAST, FRAGMENTED, MATROSKA, WEBM }

  private final Layout layout;
  private final int seconds;
  private final int width;
  private final int height;
  private final double fragmentSeconds;
  private final boolean audio;
  private final boolean sidx;
  private final long videoBitrate;

  private SampleMedia(Layout layout, int seconds, int width, int height, double fragmentSeconds, boolean audio, boolean sidx,
      long videoBitrate) {
    if (seconds <= 0) throw new IllegalArgumentException("seconds must be positive: " + seconds);
    this.layout = layout;
    this.seconds = seconds;
    this.width = width;
    this.height = height;
    this.fragmentSeconds = fragmentSeconds;
    this.audio = audio;
    this.sidx = sidx;
    this.videoBitrate = videoBitrate;
  }

  /** An MP4 of {@code seconds}, its {@code moov} before the media data ({@code moovFirst}) or after it. */
  public static SampleMedia mp4(int seconds, boolean moovFirst) {
    return new SampleMedia(moovFirst ? Layout.MOOV_FIRST : Layout.MOOV_LAST, seconds, 320, 240, 0, true, false, 400_000);
  }

  /**
   * A fragmented MP4 of {@code seconds}: an empty {@code moov}, then a {@code moof}+{@code mdat}
   * per {@code fragmentSeconds} cut at keyframes; with audio or not; with a global {@code sidx}
   * after the {@code moov} or not.
   */
  public static SampleMedia fragmented(int seconds, double fragmentSeconds, boolean audio, boolean sidx) {
    if (!(fragmentSeconds > 0)) throw new IllegalArgumentException("fragment length must be positive: " + fragmentSeconds);
    return new SampleMedia(Layout.FRAGMENTED, seconds, 320, 240, fragmentSeconds, audio, sidx, 400_000);
  }

  /** A Matroska file of {@code seconds}, H.264 + AAC: SeekHead first, Cues at the end. */
  public static SampleMedia matroska(int seconds) {
    return new SampleMedia(Layout.MATROSKA, seconds, 320, 240, 0, true, false, 400_000);
  }

  /** A WebM file of {@code seconds}, VP9 + Opus. */
  public static SampleMedia webm(int seconds) {
    return new SampleMedia(Layout.WEBM, seconds, 320, 240, 0, true, false, 400_000);
  }

  /** The same media at another picture size. */
  public SampleMedia size(int width, int height) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("size must be positive and even: " + width + "x" + height);
    }
    return new SampleMedia(layout, seconds, width, height, fragmentSeconds, audio, sidx, videoBitrate);
  }

  /** The same media at another video bit rate (default 400 kbit/s). */
  public SampleMedia videoBitrate(long bitsPerSecond) {
    if (bitsPerSecond <= 0) throw new IllegalArgumentException("bit rate must be positive: " + bitsPerSecond);
    return new SampleMedia(layout, seconds, width, height, fragmentSeconds, audio, sidx, bitsPerSecond);
  }

  /** A file name that names the content: {@code h264-aac-20s-320x240-moov-first.mp4}. */
  public String fileName() {
    String codecs = layout == Layout.WEBM ? "vp9-opus" : audio ? "h264-aac" : "h264";
    String shape = switch (layout) {
      case MOOV_FIRST -> "-moov-first.mp4";
      case MOOV_LAST -> "-moov-last.mp4";
      case FRAGMENTED -> "-frag" + String.format(Locale.ROOT, "%.2f", fragmentSeconds) + (sidx ? "-sidx" : "") + ".mp4";
      case MATROSKA -> ".mkv";
      case WEBM -> ".webm";
    };
    return codecs + "-" + seconds + "s-" + width + "x" + height + (videoBitrate == 400_000 ? "" : "-" + videoBitrate / 1000 + "k") + shape;
  }

  /**
   * Writes the media to {@code file} (replacing it), through a temporary file beside it so that
   * {@code file} is never seen half written.
   *
   * @throws IOException if the file cannot be written; a {@link TranscodeException} if FFmpeg fails
   */
  public Path writeTo(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path temp = file.resolveSibling(file.getFileName() + "." + ThreadLocalRandom.current().nextLong(1L << 48) + ".part");
    try {
      write(temp);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The media in {@code dir} under {@link #fileName()}: made there on the first call, then reused,
   * also by other processes.
   */
  public Path cachedIn(Path dir) throws IOException {
    Path file = dir.resolve(fileName());
    if (Files.isRegularFile(file)) return file;
    Files.createDirectories(dir);
    return writeTo(file);
  }

  private void write(Path file) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    switch (layout) {
      case MOOV_FIRST -> options.put("movflags", "+faststart");
      case FRAGMENTED -> {
        options.put("movflags", "+frag_keyframe+empty_moov+default_base_moof" + (sidx ? "+global_sidx" : ""));
        options.put("frag_duration", Long.toString((long) (fragmentSeconds * 1_000_000)));
      }
      default -> { }
    }
    GeneratedSource source = new GeneratedSource(
        java.util.Optional.of("testsrc2=size=" + width + "x" + height + ":rate=25"),
        audio ? java.util.Optional.of("sine=frequency=440:sample_rate=44100") : java.util.Optional.empty(),
        Duration.ofSeconds(seconds));
    boolean webm = layout == Layout.WEBM;
    Transcoder.Builder builder = Transcoder.from(source)
        .video(webm ? VideoSettings.encode("libvpx-vp9").bitrate(videoBitrate).gop(25).option("deadline", "realtime").option("cpu-used", "8")
            : VideoSettings.encode("libopenh264").bitrate(videoBitrate).gop(25))
        .audio(!audio ? AudioSettings.none() : webm ? AudioSettings.encode("libopus").bitrate(64_000) : AudioSettings.encode("aac").bitrate(64_000))
        .format(webm ? "webm" : layout == Layout.MATROSKA ? "matroska" : "mp4");
    options.forEach(builder::formatOption);
    builder.build().run(OutputSink.of(file));
  }

  @Override
  public String toString() {
    return "SampleMedia[" + fileName() + "]";
  }
}
