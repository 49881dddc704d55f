package dev.barbiton.file.media;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One track of a media file as its index and decoder configuration describe it, without decoding:
 * the exact codec string a player hands to {@code MediaCodecList} or {@code
 * MediaSource.isTypeSupported}, the configuration values that string is built from, and the
 * picture or sample format.
 *
 * <p>What is not stated is empty; nothing is guessed, with one documented exception (a VP9
 * level derived like FFmpeg's muxers derive it, see {@link CodecConfig.Vp9}). Immutable.
 *
 * @param id the container's ID of the track: the MP4 {@code track_ID}, the Matroska TrackNumber,
 *     the MPEG-TS PID
 * @param kind what the track carries
 * @param codec the RFC 6381 codec string, built the same way whatever the container (see {@link
 *     MediaSniffer#canonicalCodec}): {@code avc1.64001F}, {@code hvc1.2.4.L153.B0}, {@code
 *     av01.0.08M.10.0.110.09.16.09.0}, {@code vp09.00.41.08}, {@code mp4a.40.2}, {@code opus},
 *     {@code flac}; the bare sample entry type or a short name ({@code vp9}) when the
 *     configuration could not be read
 * @param config the decoder configuration's values, when read
 * @param video the picture format, for video tracks whose size is known
 * @param audio the sample format, for audio tracks whose rate and channels are known
 * @param duration the track's duration as its container states it: the MP4 track header (its
 *     edits applied, as it plays), else its media header; the Matroska track's {@code DURATION}
 *     tag; a fragmented MP4's fragments, summed, once a source has indexed them
 * @param bitrate average bits per second over the whole track, from the sizes of its samples
 *     where the index lists them (MP4 {@code stsz}), else as the container states it
 * @param frameRate average frames per second: from the index's sample times (MP4 {@code stts};
 *     a fragmented MP4's first fragment, then all of them once indexed), else the track's default
 *     frame duration (Matroska), else the times of the first packets (MPEG-TS), else the stream's
 *     timing information (H.264/H.265 VUI, AV1 timing info)
 * @param keyframeInterval the track's duration divided by its number of keyframes, where the
 *     index lists them (MP4 {@code stss}, the Matroska Cues of the track, the fragments of a
 *     fragmented MP4 when each starts with a keyframe); absent when every sample is a keyframe or
 *     only one is
 */
public record TrackDetails(
    OptionalLong id,
    Kind kind,
    String codec,
    Optional<CodecConfig> config,
    Optional<VideoFormat> video,
    Optional<AudioFormat> audio,
    Optional<Duration> duration,
    OptionalLong bitrate,
    OptionalDouble frameRate,
    Optional<Duration> keyframeInterval) {

  /** What a track carries. */
  public enum Kind {
    VIDEO,
    AUDIO,
    /** Subtitles, timed metadata, hints, or a type not known. */
    OTHER
  }

  /**
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the codec is not a codec token, the bitrate is negative,
   *     the frame rate is not positive and finite, or a duration is negative
   */
  public TrackDetails {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(codec, "codec");
    if (!MediaInfo.isCodecToken(codec)) throw new IllegalArgumentException("bad codec: '" + codec + "'");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(bitrate, "bitrate");
    Objects.requireNonNull(frameRate, "frameRate");
    Objects.requireNonNull(keyframeInterval, "keyframeInterval");
    if (duration.isPresent() && duration.get().isNegative()) throw new IllegalArgumentException("duration < 0: " + duration.get());
    if (bitrate.isPresent() && bitrate.getAsLong() < 0) throw new IllegalArgumentException("bitrate < 0: " + bitrate.getAsLong());
    if (frameRate.isPresent() && !(frameRate.getAsDouble() > 0 && frameRate.getAsDouble() < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("frameRate not positive and finite: " + frameRate.getAsDouble());
    }
    if (keyframeInterval.isPresent() && keyframeInterval.get().isNegative()) {
      throw new IllegalArgumentException("keyframeInterval < 0: " + keyframeInterval.get());
    }
  }
}
