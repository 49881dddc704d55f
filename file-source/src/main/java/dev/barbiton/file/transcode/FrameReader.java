package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.RandomAccessInput;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decoded frames for an application that renders or analyses them: the best video stream's
 * pictures converted to a packed {@link PixelFormat} at a size of your choice, the best audio
 * stream's samples converted to interleaved PCM of a {@link SampleFormat}, rate and channel count,
 * each with its timestamp, in the order the demuxer reads them.
 *
 * <pre>{@code
 * try (FrameReader frames = FrameReader.open(RandomAccessInput.of(source),
 *     FrameReader.Options.video(FrameReader.PixelFormat.RGBA, 640, 0).withAudio(FrameReader.SampleFormat.S16, 48_000, 2))) {
 *   for (Optional<FrameReader.Frame> f; (f = frames.next()).isPresent(); ) render(f.get());
 * }
 * }</pre>
 *
 * <p>One thread uses a reader; each frame's data is a buffer of its own (direct, read-only).
 * Always close a reader: it frees the demuxer, decoders and filter graphs, and closes the input.
 */
public final class FrameReader implements AutoCloseable {
  /** Packed pixel layouts: one plane, rows without padding (NV12: the Y plane, then the UV pairs). */
  public enum PixelFormat {
    RGB24("rgb24"),
    RGBA("rgba"),
    NV12("nv12");

    final String ffmpegName;

    PixelFormat(String ffmpegName) {
      this.ffmpegName = ffmpegName;
    }
  }

  /** Interleaved sample formats: 16-bit signed, or 32-bit float in [-1, 1]. */
  public enum SampleFormat {
    S16("s16", 2),
    FLOAT("flt", 4);

    final String ffmpegName;
    final int bytes;

    SampleFormat(String ffmpegName, int bytes) {
      this.ffmpegName = ffmpegName;
      this.bytes = bytes;
    }
  }

  /** A decoded frame: a picture or a block of samples. */
  public sealed interface Frame permits VideoFrame, AudioFrame {
    /** Where it lies on the input's timeline. */
    Duration timestamp();
  }

  /** A picture: {@code data} holds {@code width}×{@code height} pixels of {@code format}, packed. */
  public record VideoFrame(Duration timestamp, int width, int height, PixelFormat format, ByteBuffer data) implements Frame {}

  /** {@code samples} samples per channel, interleaved, of {@code format}. */
  public record AudioFrame(Duration timestamp, int samples, int channels, int sampleRate, SampleFormat format, ByteBuffer data)
      implements Frame {}

  /**
   * What to decode and how to convert it. {@code width} or {@code height} 0 keeps the picture's
   * (one of them 0: the aspect ratio decides it); {@code sampleRate} or {@code channels} 0 keeps the
   * input's.
   */
  public record Options(Optional<PixelFormat> pixelFormat, int width, int height, Optional<SampleFormat> sampleFormat,
      int sampleRate, int channels) {
    public Options {
      Objects.requireNonNull(pixelFormat, "pixelFormat");
      Objects.requireNonNull(sampleFormat, "sampleFormat");
      if (width < 0 || height < 0 || sampleRate < 0 || channels < 0) throw new IllegalArgumentException("negative size, rate or channels");
      if (!pixelFormat.isPresent() && !sampleFormat.isPresent()) throw new IllegalArgumentException("neither video nor audio");
    }

    /** Video only, converted to {@code format} at {@code width}×{@code height} (0: the picture's). */
    public static Options video(PixelFormat format, int width, int height) {
      return new Options(Optional.of(format), width, height, Optional.empty(), 0, 0);
    }

    /** Audio only, converted to {@code format} at {@code sampleRate} and {@code channels} (0: the input's). */
    public static Options audio(SampleFormat format, int sampleRate, int channels) {
      return new Options(Optional.empty(), 0, 0, Optional.of(format), sampleRate, channels);
    }

    /** These options with audio too. */
    public Options withAudio(SampleFormat format, int sampleRate, int channels) {
      return new Options(pixelFormat, width, height, Optional.of(format), sampleRate, channels);
    }
  }

  private final AvioDemuxer demuxer;
  private final Options options;
  private final Track[] tracks;
  private final ArrayDeque<Frame> ready = new ArrayDeque<>();
  private final AVPacket packet = av_packet_alloc();
  private final AVFrame filtered = av_frame_alloc();
  private boolean ended;
  private boolean closed;

  /** One decoded stream and the graph that converts its frames. */
  private record Track(boolean video, Decoder decoder, FilterChain filters, AVRational timeBase) {}

  private FrameReader(AvioDemuxer demuxer, Options options, Track[] tracks) {
    this.demuxer = demuxer;
    this.options = options;
    this.tracks = tracks;
  }

  /**
   * Opens the input (which the reader then owns) and sets up decoders and converters.
   *
   * @throws TranscodeException if the input cannot be opened or has none of the streams asked for
   */
  public static FrameReader open(RandomAccessInput input, Options options) throws TranscodeException {
    Objects.requireNonNull(options, "options");
    AvioDemuxer demuxer;
    try {
      demuxer = AvioDemuxer.open(input);
    } catch (AvioException e) {
      throw new TranscodeException(TranscodeException.Stage.INPUT, e.errorCode(), "cannot open the input: " + e.getMessage(), e);
    }
    AVFormatContext format = demuxer.formatContext();
    Track[] tracks = new Track[format.nb_streams()];
    try {
      int video = options.pixelFormat().isPresent() ? av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0) : -1;
      int audio = options.sampleFormat().isPresent() ? av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, video, (AVCodec) null, 0) : -1;
      if (video < 0 && audio < 0) throw Failures.configure("the input has none of the streams asked for");
      if (video >= 0) tracks[video] = track(true, format, video, options);
      if (audio >= 0) tracks[audio] = track(false, format, audio, options);
      return new FrameReader(demuxer, options, tracks);
    } catch (Throwable t) {
      for (Track track : tracks) if (track != null) close(track);
      demuxer.close();
      throw t;
    }
  }

  private static Track track(boolean video, AVFormatContext format, int index, Options options) throws TranscodeException {
    Decoder decoder = Decoder.open(format.streams(index), CorruptPacketPolicy.SKIP);
    try {
      String graph = video
          ? GraphText.chain(StreamGraphs.videoSource(decoder),
              options.width() > 0 || options.height() > 0 ? "scale=" + size(options.width()) + ":" + size(options.height()) : "",
              "format=pix_fmts=" + options.pixelFormat().get().ffmpegName, "buffersink")
          : GraphText.chain(StreamGraphs.audioSource(decoder), "aformat=sample_fmts=" + options.sampleFormat().get().ffmpegName
              + (options.sampleRate() > 0 ? ":sample_rates=" + options.sampleRate() : "")
              + ":channel_layouts=" + GraphText.defaultLayout(options.channels() > 0 ? options.channels()
                  : decoder.context.ch_layout().nb_channels()), "abuffersink");
      FilterChain filters = FilterChain.parse(graph, graph, true);
      return new Track(video, decoder, filters, filters.sinkTimeBase());
    } catch (Throwable t) {
      decoder.close();
      throw t;
    }
  }

  private static String size(int pixels) {
    return pixels > 0 ? Integer.toString(pixels) : "-2";
  }

  /**
   * The next frame, or empty at the end of the input.
   *
   * @throws TranscodeException if the input cannot be read or a frame cannot be decoded or converted
   */
  public Optional<Frame> next() throws TranscodeException {
    if (closed) throw new IllegalStateException("frame reader is closed");
    try {
      while (ready.isEmpty() && !ended) {
        if (!demuxer.readPacket(packet)) {
          ended = true;
          for (Track track : tracks) if (track != null) track.decoder.decode(null, frame -> push(track, frame));
          break;
        }
        Track track = packet.stream_index() < tracks.length ? tracks[packet.stream_index()] : null;
        try {
          if (track != null) track.decoder.decode(packet, frame -> push(track, frame));
        } finally {
          av_packet_unref(packet);
        }
      }
    } catch (AvioException e) {
      throw Failures.of(e);
    }
    return Optional.ofNullable(ready.poll());
  }

  /** Feeds a decoded frame (null: the end) through the track's graph into {@link #ready}. */
  private void push(Track track, AVFrame frame) throws TranscodeException {
    track.filters.push(frame);
    while (true) {
      int ret = track.filters.pull(filtered);
      if (ret == avutil.AVERROR_EAGAIN() || ret == AVERROR_EOF) return;
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.FILTER, ret, "converting frames");
      try {
        ready.add(track.video ? picture(track) : samples(track));
      } finally {
        av_frame_unref(filtered);
      }
    }
  }

  private VideoFrame picture(Track track) throws TranscodeException {
    int width = filtered.width();
    int height = filtered.height();
    int size = av_image_get_buffer_size(filtered.format(), width, height, 1);
    ByteBuffer data = ByteBuffer.allocateDirect(size);
    int ret = av_image_copy_to_buffer(new BytePointer(data), size, filtered.data(), filtered.linesize(), filtered.format(), width, height, 1);
    if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.FILTER, ret, "copying a picture");
    return new VideoFrame(timestamp(track), width, height, options.pixelFormat().get(), data.asReadOnlyBuffer());
  }

  private AudioFrame samples(Track track) {
    SampleFormat format = options.sampleFormat().get();
    int channels = filtered.ch_layout().nb_channels();
    int size = filtered.nb_samples() * channels * format.bytes;
    ByteBuffer data = ByteBuffer.allocateDirect(size);
    data.put(filtered.data(0).capacity(size).asByteBuffer());
    ((java.nio.Buffer) data).flip();
    return new AudioFrame(timestamp(track), filtered.nb_samples(), channels, filtered.sample_rate(), format, data.asReadOnlyBuffer());
  }

  private Duration timestamp(Track track) {
    long pts = filtered.pts();
    if (pts == AV_NOPTS_VALUE) return Duration.ZERO;
    return Duration.ofNanos(Math.round(pts * 1e9 * track.timeBase.num() / track.timeBase.den()));
  }

  /** Frees everything and closes the input. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (Track track : tracks) if (track != null) close(track);
    av_packet_free(packet);
    av_frame_free(filtered);
    demuxer.close();
  }

  private static void close(Track track) {
    track.filters.close();
    track.decoder.close();
  }
}
