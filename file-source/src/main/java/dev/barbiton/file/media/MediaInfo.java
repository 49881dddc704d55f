package dev.barbiton.file.media;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a media resource: its container, its MIME type, its codecs and, for ISO
 * BMFF and Matroska, the brand the file declares. Made by {@link MediaSniffer} from the first
 * bytes of the resource, from a {@code Content-Type} header, or from both.
 *
 * <p>Immutable. Absent facts are {@link Optional#empty()} or empty lists, never null.
 *
 * @param container the container format, {@link Container#UNKNOWN} if it could not be told
 * @param mimeType the lower-case {@code type/subtype} without parameters, with common aliases
 *     mapped to one name ({@code audio/x-m4a} becomes {@code audio/mp4}, {@code audio/mp3}
 *     becomes {@code audio/mpeg}); empty if unknown
 * @param codecs codec names in the style of the RFC 6381 {@code codecs} parameter ({@code
 *     "avc1.64001F"}, {@code "mp4a.40.2"}, {@code "opus"}, {@code "mp3"}), in the order the
 *     header listed them or the tracks appear, each in the one form {@link
 *     MediaSniffer#canonicalCodec} gives whichever way it was found; empty if unknown. A list
 *     that is not empty need not be complete while {@code tracks} is empty: sniffing sees only
 *     the first bytes.
 * @param brand for {@link Container#MP4} the major brand of the {@code ftyp} (or {@code styp})
 *     box with trailing spaces removed ({@code "isom"}, {@code "M4A"}, {@code "qt"}); for {@link
 *     Container#MATROSKA} and {@link Container#WEBM} the EBML DocType ({@code "matroska"}, {@code
 *     "webm"}); empty otherwise or if those bytes were not seen
 * @param compatibleBrands the compatible brands of the {@code ftyp} box, trailing spaces
 *     removed, in file order (for example {@code iso6}, {@code dash}, {@code avc1}); empty if none
 *     were seen.
 *     Brands such as {@code dash}, {@code iso6} or {@code msdh} suggest, but do not prove, a
 *     fragmented MP4: whether an MP4 is fragmented is only known once a {@code moof} box is found.
 * @param source what the facts come from
 * @param tracks every track with its details ({@link TrackDetails}), in file order, once the
 *     part of the file that describes them has been read whole: the MP4 {@code moov} wherever
 *     it lies, Matroska's Tracks element (then its Cues and Tags add durations and keyframe
 *     intervals), the first parameter sets of each stream of an MPEG-TS program or of a raw
 *     H.264/H.265 stream, the first header of ADTS, MP3, FLAC and Ogg; empty until then, and for
 *     formats whose tracks this package does not describe (WAV). When not empty, {@code codecs}
 *     holds the codec strings of the tracks whose codec is named, in track order, without
 *     repeats.
 */
public record MediaInfo(
    Container container,
    Optional<String> mimeType,
    List<String> codecs,
    Optional<String> brand,
    List<String> compatibleBrands,
    Source source,
    List<TrackDetails> tracks) {

  /** A container (file) format. */
  public enum Container {
    /** ISO base media file format: MP4, M4A, QuickTime, 3GP and fragmented MP4 (CMAF, DASH). */
    MP4,
    /** Matroska whose DocType is not {@code webm}, or whose DocType was not seen. */
    MATROSKA,
    /** Matroska with DocType {@code webm}. */
    WEBM,
    /** MPEG-1/2 audio (layer III or II) as a stream of frames, optionally after an ID3v2 tag. */
    MP3,
    /** AAC in ADTS frames. */
    AAC_ADTS,
    /** Native FLAC ({@code fLaC}); FLAC in Ogg is {@link #OGG}. */
    FLAC,
    /** Ogg, whatever its codecs. */
    OGG,
    /** RIFF WAVE (also RF64). */
    WAV,
    /** MPEG-2 transport stream in 188-byte packets. */
    MPEG_TS,
    /** A raw H.264 elementary stream in the Annex-B byte stream format ({@code .h264}, {@code .264}). */
    H264,
    /** A raw H.265 elementary stream in the Annex-B byte stream format ({@code .hevc}, {@code .265}). */
    HEVC,
    /** Not one of the above, or not enough bytes to tell. */
    UNKNOWN
  }

  /** Where the facts of a {@link MediaInfo} come from. */
  public enum Source {
    /** Only a {@code Content-Type} header; the bytes were not seen or did not tell. */
    CONTENT_TYPE,
    /** Only the first bytes; there was no usable header, or the bytes contradicted it. */
    SNIFFED,
    /** The header and the bytes agreed on the container and both contributed. */
    BOTH
  }

  private static final MediaInfo UNKNOWN = new MediaInfo(Container.UNKNOWN, Optional.empty(),
      List.of(), Optional.empty(), List.of(), Source.SNIFFED);

  /** The facts without track details (an empty {@code tracks}). */
  public MediaInfo(Container container, Optional<String> mimeType, List<String> codecs, Optional<String> brand,
      List<String> compatibleBrands, Source source) {
    this(container, mimeType, codecs, brand, compatibleBrands, source, List.of());
  }

  /**
   * Checks and copies the components.
   *
   * @throws NullPointerException if any component, list element or optional is null
   * @throws IllegalArgumentException if {@code mimeType} is not a lower-case {@code type/subtype},
   *     a brand is blank, or a codec is empty or holds a character other than printable ASCII
   *     excluding space, {@code "}, {@code ,}, {@code ;} and backslash
   */
  public MediaInfo {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(mimeType, "mimeType");
    codecs = List.copyOf(codecs);
    Objects.requireNonNull(brand, "brand");
    compatibleBrands = List.copyOf(compatibleBrands);
    Objects.requireNonNull(source, "source");
    tracks = List.copyOf(tracks);
    if (mimeType.isPresent()) {
      String m = mimeType.get();
      int slash = m.indexOf('/');
      if (slash <= 0 || slash == m.length() - 1 || !m.equals(m.toLowerCase(Locale.ROOT))
          || m.chars().anyMatch(c -> c <= ' ' || c == ';')) {
        throw new IllegalArgumentException("mimeType is not a lower-case type/subtype: " + m);
      }
    }
    for (String codec : codecs) {
      if (!isCodecToken(codec)) throw new IllegalArgumentException("bad codec: '" + codec + "'");
    }
    if (brand.isPresent() && brand.get().trim().isEmpty()) {
      throw new IllegalArgumentException("blank brand: '" + brand.get() + "'");
    }
    for (String b : compatibleBrands) {
      if (b.trim().isEmpty()) throw new IllegalArgumentException("blank brand: " + compatibleBrands);
    }
  }

  /** Container {@link Container#UNKNOWN}, nothing else known, source {@link Source#SNIFFED}. */
  public static MediaInfo unknown() {
    return UNKNOWN;
  }

  /** True if the container is not {@link Container#UNKNOWN}. */
  public boolean isKnown() {
    return container != Container.UNKNOWN;
  }

  /**
   * The MIME type with a {@code codecs} parameter when codecs are known, as used by {@code
   * MediaSource.isTypeSupported} or an HTTP header: {@code video/mp4; codecs="avc1.64001f,
   * mp4a.40.2"}. Empty if the MIME type is unknown.
   */
  public Optional<String> contentType() {
    if (!mimeType.isPresent() || codecs.isEmpty()) return mimeType;
    return Optional.of(mimeType.get() + "; codecs=\"" + String.join(", ", codecs) + "\"");
  }

  /** True if {@code s} may be a codec: printable ASCII without space, quote, comma, semicolon. */
  static boolean isCodecToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == ',' || c == ';' || c == '\\') return false;
    }
    return true;
  }

  /** Returns a copy with {@code source} replaced. */
  MediaInfo withSource(Source source) {
    return new MediaInfo(container, mimeType, codecs, brand, compatibleBrands, source, tracks);
  }

  /** True if the tracks' details are known: the index was read whole. */
  public boolean hasTrackDetails() {
    return !tracks.isEmpty();
  }
}
