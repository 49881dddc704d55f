package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.AudioFormat;
import dev.barbiton.file.media.CodecConfig;
import dev.barbiton.file.media.DolbyVision;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.VideoFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the container readers gather of one track, made into a {@link TrackDetails} with its codec
 * string built by {@link CodecStrings} from the configuration read, or the container's name for
 * the codec when none was. Not thread-safe.
 */
public final class TrackBuilder {
  private static final Set<String> AVC_ENTRIES = Set.of("avc1", "avc2", "avc3", "avc4");
  private static final Set<String> HEVC_ENTRIES = Set.of("hvc1", "hev1");
  private static final Set<String> DOLBY_VISION_ENTRIES = Set.of("dvh1", "dvhe", "dav1", "dva1", "dvav");
  /** Entries of uncompressed or lossless audio, whose sample size is a property of the decoded audio. */
  private static final Set<String> PCM_ENTRIES = Set.of("ipcm", "fpcm", "lpcm", "sowt", "twos", "raw", "in24", "in32",
      "fl32", "fl64", "alac", "A_PCM/INT/LIT", "A_PCM/INT/BIG", "A_PCM/FLOAT/IEEE");

  private final VideoFacts video = new VideoFacts();
  private OptionalLong id = OptionalLong.empty();
  private Kind kind = Kind.OTHER;
  private String entry = "";
  private String fallbackCodec;
  private CodecConfig config;
  private int sampleRate;
  private int channels;
  private int bitsPerSample;
  private Duration duration;
  private long bitrate = -1;
  private double frameRate;
  private Duration keyframeInterval;

  /** The video facts, for the readers of the track's configuration and the container's boxes. */
  public VideoFacts video() {
    return video;
  }

  public TrackBuilder id(long value) {
    id = OptionalLong.of(value);
    return this;
  }

  public TrackBuilder kind(Kind value) {
    kind = value;
    return this;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The sample entry's type ({@code avc1}, {@code hev1}, {@code dvh1} ...), which is the first part
   * of the codec string; for other containers the entry type of the same codec in ISO BMFF.
   */
  public TrackBuilder entry(String value) {
    entry = value;
    return this;
  }

  public String entry() {
    return entry;
  }

  /** The codec string to report when no configuration is read. */
  public TrackBuilder fallbackCodec(String value) {
    fallbackCodec = value;
    return this;
  }

  public TrackBuilder config(CodecConfig value) {
    config = value;
    return this;
  }

  public Optional<CodecConfig> config() {
    return Optional.ofNullable(config);
  }

  /** The audio format the container states; a configuration record's values win (see {@link #build}). */
  public TrackBuilder audio(long rate, long channelCount, long bits) {
    if (rate > 0 && rate <= Integer.MAX_VALUE) sampleRate = (int) rate;
    if (channelCount > 0 && channelCount <= 255) channels = (int) channelCount;
    if (bits > 0 && bits <= 64) bitsPerSample = (int) bits;
    return this;
  }

  public TrackBuilder duration(Duration value) {
    if (value != null && !value.isNegative() && !value.isZero()) duration = value;
    return this;
  }

  public TrackBuilder bitrate(long bitsPerSecond) {
    if (bitsPerSecond > 0) bitrate = bitsPerSecond;
    return this;
  }

  /** The frame rate the index or container states; wins over the stream's timing information. */
  public TrackBuilder frameRate(double fps) {
    if (fps > 0 && fps < 1e6) frameRate = fps;
    return this;
  }

  public OptionalDouble frameRate() {
    if (frameRate > 0) return OptionalDouble.of(frameRate);
    return video.streamFrameRate();
  }

  public TrackBuilder keyframeInterval(Duration value) {
    if (value != null && !value.isNegative() && !value.isZero()) keyframeInterval = value;
    return this;
  }

  /** The codec string, from the configuration when one was read; {@code "unknown"} if nothing printable names it. */
  public String codec() {
    String fallback = fallbackCodec != null ? fallbackCodec : entry.isEmpty() ? "unknown" : entry;
    if (!isToken(fallback)) fallback = "unknown";
    if (config == null) return fallback;
    if (DOLBY_VISION_ENTRIES.contains(entry)) {
      Optional<DolbyVision> dv = video.build().flatMap(VideoFormat::dolbyVision);
      if (dv.isPresent()) return dv.get().codec();
    }
    if (config instanceof CodecConfig.Avc avc) return CodecStrings.avc(AVC_ENTRIES.contains(entry) ? entry : "avc1", avc);
    if (config instanceof CodecConfig.Hevc hevc) return CodecStrings.hevc(HEVC_ENTRIES.contains(entry) ? entry : "hvc1", hevc);
    if (config instanceof CodecConfig.Av1 av1) return CodecStrings.av1(av1, video.colour());
    if (config instanceof CodecConfig.Vp9 vp9) return CodecStrings.vp9(vp9, video.colour());
    if (config instanceof CodecConfig.Aac aac) return CodecStrings.mp4a(0x40, aac.objectType());
    if (config instanceof CodecConfig.Opus) return "opus";
    return "flac";
  }

  /** RFC 6381's characters: printable ASCII without space, quote, comma, semicolon, backslash. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == ',' || c == ';' || c == '\\') return false;
    }
    return true;
  }

  /** True if a codec string other than {@code "unknown"} names the codec. */
  public boolean named() {
    return !codec().equals("unknown");
  }

  /** The track; the codec string is {@code "unknown"} if nothing named the codec. */
  public TrackDetails build() {
    Optional<VideoFormat> format = kind == Kind.VIDEO ? video.build() : Optional.empty();
    return new TrackDetails(id, kind, codec(), Optional.ofNullable(config), format, audioFormat(),
        Optional.ofNullable(duration), bitrate > 0 ? OptionalLong.of(bitrate) : OptionalLong.empty(), frameRate(),
        Optional.ofNullable(keyframeInterval));
  }

  private Optional<AudioFormat> audioFormat() {
    if (kind != Kind.AUDIO) return Optional.empty();
    int rate = sampleRate;
    int count = channels;
    // A lossy codec's "sample size" in a container (16 in an AAC sample entry) describes nothing.
    int bits = PCM_ENTRIES.contains(entry) ? bitsPerSample : 0;
    if (config instanceof CodecConfig.Aac aac) {
      rate = aac.sampleRate();
      if (AudioConfigs.aacChannels(aac.channelConfiguration()) > 0) count = AudioConfigs.aacChannels(aac.channelConfiguration());
    } else if (config instanceof CodecConfig.Opus opus) {
      rate = 48_000; // Opus always decodes at 48 kHz (RFC 7845 5.1)
      count = opus.channels();
    } else if (config instanceof CodecConfig.Flac flac) {
      rate = flac.sampleRate();
      count = flac.channels();
      bits = flac.bitsPerSample();
    }
    if (rate <= 0 || count <= 0) return Optional.empty();
    return Optional.of(new AudioFormat(rate, count, bits > 0 ? OptionalInt.of(bits) : OptionalInt.empty()));
  }
}
