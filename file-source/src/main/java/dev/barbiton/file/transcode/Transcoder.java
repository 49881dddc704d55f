package dev.barbiton.file.transcode;

import dev.barbiton.file.avio.DemuxerOptions;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Converts media with FFmpeg, reading through a custom read AVIO and writing through a custom
 * write AVIO: from any {@link RandomAccessInput} (a {@link dev.barbiton.file.FileSource} while it
 * downloads, a cached file, a buffer) or a {@link GeneratedSource}, to any {@link OutputSink} (a
 * file or a channel that can seek, or a stream that cannot).
 *
 * <pre>{@code
 * TranscodeResult result = Transcoder.from(RandomAccessInput.of(source))
 *     .video(VideoSettings.encode("libvpx-vp9").bitrate(1_000_000).filter("scale=1280:-2"))
 *     .audio(AudioSettings.encode("libopus").bitrate(96_000))
 *     .format("webm")
 *     .duration(Duration.ofMinutes(3))
 *     .onProgress(p -> log(p.fraction()))
 *     .build()
 *     .run(OutputSink.streaming(response.getOutputStream()));
 * }</pre>
 *
 * <p>What it takes: the input's best video stream and best audio stream ({@code
 * av_find_best_stream}), each encoded, copied or left out as its settings say (default: encoded
 * with {@code libopenh264} and {@code aac}). A stream the settings ask for but the input lacks is
 * simply absent. Before anything is written, the run checks every codec, option, filter graph and
 * the sink: a format that must seek on a sink that cannot is an {@link UnseekableOutputException}.
 *
 * <p>Time range: {@link Builder#start} seeks the input to the keyframe before it, then discards
 * decoded frames before it (sample- and frame-exact) and moves the output's timeline to start at
 * 0; copied video keeps the GOP that leads to the start, so it begins at that keyframe.
 *
 * <p>Threads and cancelling: {@link #run} runs once, on the calling thread, and blocks while the
 * input downloads. {@link #cancel()} from any thread, or an interrupt of the running thread, stops
 * it within the current packet (a blocked read wakes at once) with a {@link
 * TranscodeCancelledException}; everything native is freed when {@code run} returns or throws.
 * Progress callbacks run on the running thread, holding no lock.
 */
public final class Transcoder {
  private final Builder settings;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile Runnable onCancel = () -> {};

  private Transcoder(Builder settings) {
    this.settings = settings;
  }

  /** A transcoder reading {@code input}, which the run closes when it ends. */
  public static Builder from(RandomAccessInput input) {
    return from(input, DemuxerOptions.defaults());
  }

  /**
   * A transcoder reading {@code input} with the demuxer {@code options} name (a format to use
   * without probing, such as {@code rawvideo} with its {@code video_size} and {@code pixel_format};
   * how much to probe); the run closes the input when it ends.
   */
  public static Builder from(RandomAccessInput input, DemuxerOptions options) {
    Builder builder = new Builder(Objects.requireNonNull(input, "input"), null);
    builder.demuxerOptions = Objects.requireNonNull(options, "options");
    return builder;
  }

  /** A transcoder encoding the generated media of {@code source}. */
  public static Builder from(GeneratedSource source) {
    return new Builder(null, Objects.requireNonNull(source, "source"));
  }

  /**
   * Runs the transcode to {@code sink}, once.
   *
   * @throws UnseekableOutputException if the format needs a sink that can seek (nothing written)
   * @throws CorruptInputException if a packet is undecodable under {@link CorruptPacketPolicy#ABORT}
   * @throws TranscodeCancelledException on {@link #cancel()} or an interrupt
   * @throws TranscodeException if a codec, option or filter is unknown or refused ({@link
   *     TranscodeException.Stage#CONFIGURE}, nothing written), or the input, a codec or the sink fails
   * @throws IllegalStateException if this transcoder ran before
   */
  public TranscodeResult run(OutputSink sink) throws TranscodeException {
    Objects.requireNonNull(sink, "sink");
    if (!started.compareAndSet(false, true)) throw new IllegalStateException("a transcoder runs once");
    String why = OutputFormats.whyItCannotWrite(settings.format, settings.formatOptions, sink);
    if (why != null) {
      if (settings.input != null) settings.input.close();
      throw new UnseekableOutputException(why);
    }
    if (settings.input != null) {
      RandomAccessInput input = settings.input;
      onCancel = input::close;
      if (cancelled) input.close();
      return new InputRun(this, settings, input).run(sink);
    }
    return new GeneratedRun(this, settings, settings.generated).run(sink);
  }

  /**
   * Stops a running transcode (or the next {@link #run}) with a {@link TranscodeCancelledException}:
   * a read blocked on the input wakes at once. Any thread; idempotent.
   */
  public void cancel() {
    cancelled = true;
    onCancel.run();
  }

  /** Throws if cancelled or interrupted; the run loops call it once per packet or frame. */
  void checkCancelled(TranscodeException.Stage stage) throws TranscodeCancelledException {
    if (cancelled || Thread.currentThread().isInterrupted()) throw Failures.cancelled(stage);
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** How to transcode; {@link #build()} makes the {@link Transcoder}. */
  public static final class Builder {
    final RandomAccessInput input;
    final GeneratedSource generated;
    VideoSettings video = VideoSettings.encode("libopenh264");
    AudioSettings audio = AudioSettings.encode("aac");
    String format;
    final Map<String, String> formatOptions = new LinkedHashMap<>();
    Duration start = Duration.ZERO;
    Optional<Duration> duration = Optional.empty();
    Consumer<TranscodeProgress> progress;
    Duration progressInterval = Duration.ofMillis(250);
    CorruptPacketPolicy corruptPackets = CorruptPacketPolicy.SKIP;
    DemuxerOptions demuxerOptions = DemuxerOptions.defaults();

    private Builder(RandomAccessInput input, GeneratedSource generated) {
      this.input = input;
      this.generated = generated;
    }

    /** What to do with the video; default {@code VideoSettings.encode("libopenh264")}. */
    public Builder video(VideoSettings settings) {
      this.video = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** What to do with the audio; default {@code AudioSettings.encode("aac")}. */
    public Builder audio(AudioSettings settings) {
      this.audio = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The output format by FFmpeg's muxer name: {@code mp4}, {@code webm}, {@code matroska}, {@code mpegts}, ... Required. */
    public Builder format(String name) {
      this.format = Objects.requireNonNull(name, "name");
      return this;
    }

    /** A muxer option: {@code formatOption("movflags", "frag_keyframe+empty_moov")}. */
    public Builder formatOption(String key, String value) {
      formatOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Where the output starts on the input's timeline (from the input's first timestamp); default 0. */
    public Builder start(Duration start) {
      if (Objects.requireNonNull(start, "start").isNegative()) throw new IllegalArgumentException("negative start: " + start);
      this.start = start;
      return this;
    }

    /** The most the output lasts; default: to the input's end. */
    public Builder duration(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive: " + duration);
      this.duration = Optional.of(duration);
      return this;
    }

    /** Receives progress at most every {@code interval} (and once at the end), on the running thread. */
    public Builder onProgress(Consumer<TranscodeProgress> callback, Duration interval) {
      this.progress = Objects.requireNonNull(callback, "callback");
      if (interval.isNegative()) throw new IllegalArgumentException("negative interval: " + interval);
      this.progressInterval = interval;
      return this;
    }

    /** Receives progress at most every 250 ms (and once at the end). */
    public Builder onProgress(Consumer<TranscodeProgress> callback) {
      return onProgress(callback, Duration.ofMillis(250));
    }

    /** What an undecodable packet does; default {@link CorruptPacketPolicy#SKIP}. */
    public Builder corruptPackets(CorruptPacketPolicy policy) {
      this.corruptPackets = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The transcoder.
     *
     * @throws IllegalStateException if no format is set, both streams are left out, or a generated
     *     source is given a start or asked to copy
     */
    public Transcoder build() {
      if (format == null) throw new IllegalStateException("set the output format (format(\"mp4\"), ...)");
      if (video.mode() == StreamMode.NONE && audio.mode() == StreamMode.NONE) throw new IllegalStateException("both video and audio are left out");
      if (generated != null) {
        if (!start.isZero()) throw new IllegalStateException("a generated source starts at 0");
        if (video.mode() == StreamMode.COPY || audio.mode() == StreamMode.COPY) throw new IllegalStateException("a generated source has no packets to copy");
      }
      return new Transcoder(copy());
    }

    /** A snapshot, so that changing this builder later does not change a transcoder built from it. */
    private Builder copy() {
      Builder copy = new Builder(input, generated);
      copy.video = video;
      copy.audio = audio;
      copy.format = format;
      copy.formatOptions.putAll(formatOptions);
      copy.start = start;
      copy.duration = duration;
      copy.progress = progress;
      copy.progressInterval = progressInterval;
      copy.corruptPackets = corruptPackets;
      copy.demuxerOptions = demuxerOptions;
      return copy;
    }
  }
}
