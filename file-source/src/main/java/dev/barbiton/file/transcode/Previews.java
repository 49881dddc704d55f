package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.DemuxerOptions;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.avio.StreamInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Still and animated previews on the transcoder's pipeline: the frame at a time as PNG, JPEG or
 * WebP; a contact sheet of frames across the whole duration; a short animated GIF or WebP.
 *
 * <p>Each reads its input through an {@link InputOpener} (a contact sheet opens one input per
 * frame, each seeking to its keyframe, so only the bytes near each frame are read — over a {@link
 * dev.barbiton.file.FileSource}, those are what downloads first). Sizes keep the picture's aspect
 * ratio; a picture narrower than the width asked for keeps its own.
 */
public final class Previews {
  /** Still image formats, by the encoder that makes them. */
  public enum ImageFormat {
    PNG("png"),
    JPEG("mjpeg"),
    WEBP("libwebp");

    final String encoder;

    ImageFormat(String encoder) {
      this.encoder = encoder;
    }
  }

  /** Animated formats: GIF with a palette made for the clip, or animated WebP. */
  public enum AnimatedFormat {
    GIF,
    WEBP
  }

  /** Opens a fresh input over the same media; each preview closes what it opens. */
  @FunctionalInterface
  public interface InputOpener {
    RandomAccessInput open() throws IOException;
  }

  private Previews() {}

  /**
   * The first video frame at or after {@code at}, at most {@code width} pixels wide.
   *
   * @throws TranscodeException if there is no video frame there (with the video's duration), or
   *     FFmpeg cannot decode or encode it
   */
  public static byte[] frame(InputOpener opener, Duration at, int width, ImageFormat format) throws IOException {
    Objects.requireNonNull(format, "format");
    checkWidth(width);
    return still(opener.open(), at, "scale=w='min(" + width + "\\,iw)':h=-2", format.encoder);
  }

  /**
   * {@code count} frames spread evenly over the duration (at the middle of each of {@code count}
   * equal spans), {@code tileWidth} pixels wide each, in rows of {@code columns}, as one image.
   *
   * @throws TranscodeException if the input has no video stream or no duration, or a frame cannot
   *     be made
   */
  public static byte[] contactSheet(InputOpener opener, int count, int columns, int tileWidth, ImageFormat format)
      throws IOException {
    if (count <= 0 || columns <= 0) throw new IllegalArgumentException("count and columns must be positive: " + count + ", " + columns);
    checkWidth(tileWidth);
    StreamInfo video;
    Duration duration;
    try (AvioDemuxer demuxer = AvioDemuxer.open(opener.open())) {
      video = demuxer.streams().stream().filter(s -> s.type() == MediaType.VIDEO).findFirst()
          .orElseThrow(() -> Failures.configure("no video stream for a contact sheet"));
      duration = demuxer.duration().orElseThrow(() -> Failures.configure("the input does not say how long it is"));
    } catch (AvioException e) {
      throw Failures.of(e);
    }
    int tileHeight = Math.max(2, (int) Math.round((double) tileWidth * video.height() / Math.max(1, video.width()) / 2) * 2);
    int rows = (count + columns - 1) / columns;
    int sheetWidth = columns * tileWidth;
    byte[] sheet = new byte[sheetWidth * rows * tileHeight * 3]; // rgb24, black where no tile
    for (int i = 0; i < count; i++) {
      Duration at = Duration.ofNanos((long) (duration.toNanos() * (i + 0.5) / count));
      byte[] tile = still(opener.open(), at, "scale=" + tileWidth + ":" + tileHeight, "rawvideo");
      int x = (i % columns) * tileWidth;
      int y = (i / columns) * tileHeight;
      for (int line = 0; line < tileHeight; line++) {
        System.arraycopy(tile, line * tileWidth * 3, sheet, ((y + line) * sheetWidth + x) * 3, tileWidth * 3);
      }
    }
    DemuxerOptions raw = DemuxerOptions.builder().formatName("rawvideo")
        .formatOption("video_size", sheetWidth + "x" + rows * tileHeight).formatOption("pixel_format", "rgb24").build();
    return encodeOne(Transcoder.from(RandomAccessInput.of(sheet), raw), "", format.encoder);
  }

  /**
   * The clip {@code [start, start + duration)} as an animated image, {@code fps} frames a second,
   * at most {@code width} pixels wide, looping.
   */
  public static byte[] animated(InputOpener opener, Duration start, Duration duration, int width, int fps,
      AnimatedFormat format) throws IOException {
    checkWidth(width);
    if (fps <= 0) throw new IllegalArgumentException("fps must be positive: " + fps);
    String scale = "fps=" + fps + ",scale=w='min(" + width + "\\,iw)':h=-2:flags=lanczos";
    Transcoder.Builder builder = Transcoder.from(opener.open()).start(start).duration(duration).audio(AudioSettings.none());
    if (format == AnimatedFormat.GIF) {
      // One palette for the whole clip, then dithered to it: FFmpeg's own recipe for a clean GIF.
      builder.video(VideoSettings.encode("gif").filter(scale + ",split[a][b];[a]palettegen[p];[b][p]paletteuse")).format("gif");
    } else {
      builder.video(VideoSettings.encode("libwebp_anim").filter(scale)).format("webp").formatOption("loop", "0");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranscodeResult result = builder.build().run(OutputSink.streaming(out));
    if (result.videoFrames() == 0) throw Failures.configure("no video frames between " + start + " and " + start.plus(duration));
    return out.toByteArray();
  }

  /** The first frame at or after {@code at}, through {@code filter}, encoded by {@code encoder}. */
  private static byte[] still(RandomAccessInput input, Duration at, String filter, String encoder) throws IOException {
    try {
      return encodeOne(Transcoder.from(input).start(at), filter, encoder);
    } catch (NoFrameException e) {
      throw Failures.configure("no video frame at or after " + seconds(at) + " s");
    }
  }

  private static byte[] encodeOne(Transcoder.Builder builder, String filter, String encoder) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VideoSettings video = VideoSettings.encode(encoder).filter(GraphText.chain(filter, "trim=end_frame=1"));
    if (encoder.equals("rawvideo")) video = video.pixelFormat("rgb24"); // the tiles of a contact sheet
    TranscodeResult result = builder.video(video).audio(AudioSettings.none()).format(encoder.equals("rawvideo") ? "rawvideo" : "image2pipe").build()
        .run(OutputSink.streaming(out));
    if (result.videoFrames() == 0) throw new NoFrameException();
    return out.toByteArray();
  }

  private static void checkWidth(int width) {
    if (width < 2) throw new IllegalArgumentException("width must be at least 2: " + width);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  /** The run wrote no frame: the time asked for is past the video's end. */
  private static final class NoFrameException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
