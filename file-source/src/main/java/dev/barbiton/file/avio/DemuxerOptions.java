package dev.barbiton.file.avio;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * How {@link AvioDemuxer#open(RandomAccessInput, DemuxerOptions)} opens a container: how much FFmpeg
 * may read and how much media time it may analyse before the first packet, which demuxer to use
 * without probing, and FFmpeg format options. Immutable and thread-safe; built by {@link #builder()}
 * and changed by {@link #newBuilder()}. No native code is loaded by this class.
 *
 * <p>The defaults ({@link #defaults()}) are chosen for a quick start: a {@code probesize} of 1 MiB
 * and an {@code analyzeduration} of 1 s, against FFmpeg's 5,000,000 bytes and 5 s ({@link
 * #ffmpegDefaults()}). What they change, measured ({@code OpenTimeMain} in the tests):
 *
 * <ul>
 *   <li>MP4, moov first or last, and fragmented MP4: nothing. The codec parameters are in the
 *       header, and FFmpeg stops reading after the first frame of each stream, far below either
 *       limit.
 *   <li>A stream FFmpeg cannot describe from the header and sees late or never (an MPEG-TS whose
 *       audio starts 8 s in): FFmpeg's defaults read up to 5 s of media before the first frame
 *       (2.0 s at 2 MB/s for 720p); these stop after 1 s (0.5 s).
 *   <li>The price: a stream whose first packet comes after 1 s or 1 MiB of the others (an MPEG-TS
 *       whose audio starts 3 s in) opens undescribed (0 channels, no sample format), where FFmpeg's
 *       defaults would have read on to describe it. Use {@link #ffmpegDefaults()} for such media.
 * </ul>
 *
 * <p>For MPEG-TS over a download, FFmpeg also reads the last 250 KB of the file (and more, in steps,
 * when a stream has no timestamp there) to compute the duration; {@code
 * formatOption("skip_estimate_duration_from_pts", "1")} saves those reads (3.96 s down to 0.36 s
 * to the first frame of a 7.9 MB 720p TS at 2 MB/s) at the price of a duration estimated from the
 * bitrate.
 *
 * <p>Format options are FFmpeg's {@code AVFormatContext} options and the chosen demuxer's private
 * options (see {@code ffmpeg -h demuxer=mov}), given as strings, as on FFmpeg's command line. An
 * option that neither FFmpeg nor the demuxer uses makes {@code open} fail with an {@link
 * AvioException} whose {@link AvioException#errorCode()} is {@code AVERROR_OPTION_NOT_FOUND}, so a
 * misspelt option never goes unnoticed; give a {@linkplain Builder#formatName format name} when you
 * pass a demuxer's private options, since a probe may pick another demuxer. A value FFmpeg cannot
 * parse makes {@code open} fail with FFmpeg's error ({@code AVERROR(EINVAL)}).
 */
public final class DemuxerOptions {
  /** FFmpeg's smallest {@code probesize}. */
  static final long MIN_PROBE_SIZE = 32;
  /** 1 MiB: the first frames of every stream of an interleaved 720p file at 6 Mb/s (970 KB). */
  static final long DEFAULT_PROBE_SIZE = 1 << 20;
  static final long DEFAULT_ANALYZE_MILLIS = 1000;
  /** Flags may be added or removed by name, never replaced: a bare value would drop CUSTOM_IO. */
  private static final Pattern FLAG_CHANGES = Pattern.compile("([+-][a-z][a-z0-9_]*)+");

  private static final DemuxerOptions DEFAULTS = builder().build();
  private static final DemuxerOptions FFMPEG_DEFAULTS =
      builder().probeSize(5_000_000).analyzeDuration(Duration.ofSeconds(5)).build();

  private final long probeSize;
  private final Duration analyzeDuration;
  private final String formatName;
  private final Map<String, String> formatOptions;

  private DemuxerOptions(Builder builder) {
    this.probeSize = builder.probeSize;
    this.analyzeDuration = builder.analyzeDuration;
    this.formatName = builder.formatName;
    this.formatOptions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.formatOptions));
  }

  /** The options {@link AvioDemuxer#open(RandomAccessInput)} uses: tuned for a quick start. */
  public static DemuxerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * FFmpeg's own limits: 5,000,000 bytes of probesize and 5 s of analyzeduration, set explicitly.
   * (Left unset, FFmpeg also reads 5 s of most formats, but 7 s of MPEG-PS and MPEG-TS, 90 s of FLV
   * and 30 s of subtitles.)
   */
  public static DemuxerOptions ffmpegDefaults() {
    return FFMPEG_DEFAULTS;
  }

  /** A builder holding the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * FFmpeg's {@code probesize}: the most bytes {@code avformat_find_stream_info} reads to describe
   * the streams before it gives up on what it has not found.
   */
  public long probeSize() {
    return probeSize;
  }

  /**
   * FFmpeg's {@code analyzeduration}: the most media time {@code avformat_find_stream_info} reads
   * to describe the streams, in microseconds precision.
   */
  public Duration analyzeDuration() {
    return analyzeDuration;
  }

  /** {@link #analyzeDuration()} in microseconds, saturated. */
  long analyzeDurationMicros() {
    return micros(analyzeDuration);
  }

  /**
   * The short name of the demuxer to use without probing ({@code "mp4"}, {@code "matroska"},
   * {@code "mpegts"}), as {@code av_find_input_format} knows it; empty to probe.
   */
  public Optional<String> formatName() {
    return Optional.ofNullable(formatName);
  }

  /** FFmpeg format options, in the order they were set; unmodifiable. */
  public Map<String, String> formatOptions() {
    return formatOptions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DemuxerOptions other
        && probeSize == other.probeSize
        && analyzeDuration.equals(other.analyzeDuration)
        && Objects.equals(formatName, other.formatName)
        && formatOptions.equals(other.formatOptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(probeSize, analyzeDuration, formatName, formatOptions);
  }

  @Override
  public String toString() {
    return "DemuxerOptions[probeSize=" + probeSize + ", analyzeDuration=" + analyzeDuration
        + (formatName == null ? "" : ", formatName=" + formatName)
        + (formatOptions.isEmpty() ? "" : ", formatOptions=" + formatOptions) + "]";
  }

  /** Builds {@link DemuxerOptions}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private long probeSize = DEFAULT_PROBE_SIZE;
    private Duration analyzeDuration = Duration.ofMillis(DEFAULT_ANALYZE_MILLIS);
    private String formatName;
    private final LinkedHashMap<String, String> formatOptions = new LinkedHashMap<>();

    private Builder() {}

    private Builder(DemuxerOptions options) {
      probeSize = options.probeSize;
      analyzeDuration = options.analyzeDuration;
      formatName = options.formatName;
      formatOptions.putAll(options.formatOptions);
    }

    /**
     * Sets FFmpeg's {@code probesize}, in bytes.
     *
     * @throws IllegalArgumentException if {@code bytes < 32}, FFmpeg's minimum
     */
    public Builder probeSize(long bytes) {
      if (bytes < MIN_PROBE_SIZE) throw new IllegalArgumentException("probeSize < " + MIN_PROBE_SIZE + ": " + bytes);
      this.probeSize = bytes;
      return this;
    }

    /**
     * Sets FFmpeg's {@code analyzeduration}. Truncated to microseconds; saturates at about 292,000
     * years.
     *
     * @throws IllegalArgumentException if it is shorter than 1 µs (FFmpeg reads 0 as "5 s")
     */
    public Builder analyzeDuration(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (micros(duration) < 1) {
        throw new IllegalArgumentException("analyzeDuration < 1 µs: " + duration);
      }
      this.analyzeDuration = duration;
      return this;
    }

    /**
     * Uses the demuxer named {@code name} without probing. Whether FFmpeg has a demuxer of that name
     * is checked by {@code open}, which fails with {@code AVERROR_DEMUXER_NOT_FOUND} if not.
     *
     * @throws IllegalArgumentException if {@code name} is blank or not a single name (no commas,
     *     spaces or control characters)
     */
    public Builder formatName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.trim().isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ',')) {
        throw new IllegalArgumentException("formatName is not a demuxer name: \"" + name + "\"");
      }
      this.formatName = name;
      return this;
    }

    /** Probes the container (the default): forgets a {@link #formatName(String)}. */
    public Builder probeFormat() {
      this.formatName = null;
      return this;
    }

    /**
     * Sets the FFmpeg format option {@code key} to {@code value}, replacing an earlier value.
     *
     * @throws IllegalArgumentException if {@code key} is empty or contains {@code '='}, a NUL or
     *     whitespace, or {@code value} contains a NUL; if {@code key} is {@code probesize} or
     *     {@code analyzeduration} (use {@link #probeSize} and {@link #analyzeDuration}); or if
     *     {@code key} is {@code fflags} and {@code value} does not only add and remove flags by
     *     name ({@code "+genpts-igndts"}): a bare value would clear the custom-IO flag the adapter
     *     depends on
     */
    public Builder formatOption(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isEmpty() || !key.chars().allMatch(c -> c > ' ' && c != '=' && c != 127)) {
        throw new IllegalArgumentException("formatOption key is not an option name: \"" + key + "\"");
      }
      if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("formatOption " + key + " value contains NUL");
      if (key.equals("probesize")) throw new IllegalArgumentException("formatOption probesize: use probeSize(long)");
      if (key.equals("analyzeduration")) {
        throw new IllegalArgumentException("formatOption analyzeduration: use analyzeDuration(Duration)");
      }
      if (key.equals("fflags") && !FLAG_CHANGES.matcher(value).matches()) {
        throw new IllegalArgumentException("formatOption fflags must add or remove flags by name (\"+genpts\"): " + value);
      }
      formatOptions.put(key, value);
      return this;
    }

    /**
     * Sets every entry of {@code options} as by {@link #formatOption(String, String)}, in the map's
     * iteration order; on a bad entry, none after it is set.
     */
    public Builder formatOptions(Map<String, String> options) {
      Objects.requireNonNull(options, "options");
      options.forEach(this::formatOption);
      return this;
    }

    /** Forgets every format option. */
    public Builder clearFormatOptions() {
      formatOptions.clear();
      return this;
    }

    /** The options as set. */
    public DemuxerOptions build() {
      return new DemuxerOptions(this);
    }
  }

  /** Whole microseconds, saturated at Long.MAX_VALUE (what TimeUnit.convert does on newer Java). */
  private static long micros(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000) return Long.MAX_VALUE;
    return d.getSeconds() * 1_000_000 + d.getNano() / 1000;
  }
}
