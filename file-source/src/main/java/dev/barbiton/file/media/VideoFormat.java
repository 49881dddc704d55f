package dev.barbiton.file.media;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a video track's pictures are, as its parameter sets, configuration record and container
 * state them, before any picture is decoded: what a player needs to pick a decoder and a display
 * mode.
 *
 * @param width the picture's width in pixels after cropping (the H.264 frame cropping, the H.265
 *     conformance window; the frame size for AV1 and VP9), else the container's; not corrected
 *     for a non-square pixel aspect ratio; positive
 * @param height the picture's height, as {@code width}
 * @param codedWidth the decoded width before cropping (whole macroblocks or coding blocks), when
 *     a parameter set was read
 * @param codedHeight the decoded height before cropping, as {@code codedWidth}
 * @param bitDepth bits per luma sample
 * @param chromaBitDepth bits per chroma sample (equal to {@code bitDepth} except in rare H.264
 *     and H.265 streams)
 * @param chroma the chroma format
 * @param colour the colour description, when the stream or container states one (a stream that
 *     states only its range has code points {@link ColourInfo#UNSPECIFIED})
 * @param masteringDisplay the mastering display colour volume, when stated
 * @param contentLightLevel the content light level, when stated
 * @param dolbyVision the Dolby Vision configuration, when the track carries one
 * @param dynamicRange what the above add up to
 */
public record VideoFormat(int width, int height, OptionalInt codedWidth, OptionalInt codedHeight, OptionalInt bitDepth,
    OptionalInt chromaBitDepth, Optional<ChromaFormat> chroma, Optional<ColourInfo> colour,
    Optional<MasteringDisplay> masteringDisplay, Optional<ContentLightLevel> contentLightLevel,
    Optional<DolbyVision> dolbyVision, DynamicRange dynamicRange) {

  /** How chroma is sampled relative to luma. */
  public enum ChromaFormat {
    /** Luma only. */
    MONOCHROME,
    /** Half the luma resolution both ways. */
    YUV420,
    /** Half the luma resolution horizontally. */
    YUV422,
    /** Full resolution. */
    YUV444
  }

  /** The dynamic range a display must handle. */
  public enum DynamicRange {
    /** Standard dynamic range: no PQ or HLG transfer, no Dolby Vision. */
    SDR,
    /** The PQ transfer (SMPTE ST 2084), with or without static metadata: HDR10 and HDR10+ streams. */
    HDR10,
    /**
     * Hybrid log-gamma: the HLG transfer, or an H.265 alternative transfer characteristics SEI
     * message that prefers it to a backward-compatible transfer.
     */
    HLG,
    /** A Dolby Vision configuration is present (its base layer may also be one of the above). */
    DOLBY_VISION
  }

  /**
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the size is not positive or a bit depth is outside 1..16
   */
  public VideoFormat {
    ValueChecks.range(width, 1, Integer.MAX_VALUE, "width");
    ValueChecks.range(height, 1, Integer.MAX_VALUE, "height");
    Objects.requireNonNull(codedWidth, "codedWidth");
    Objects.requireNonNull(codedHeight, "codedHeight");
    Objects.requireNonNull(bitDepth, "bitDepth");
    Objects.requireNonNull(chromaBitDepth, "chromaBitDepth");
    if (bitDepth.isPresent()) ValueChecks.range(bitDepth.getAsInt(), 1, 16, "bitDepth");
    if (chromaBitDepth.isPresent()) ValueChecks.range(chromaBitDepth.getAsInt(), 1, 16, "chromaBitDepth");
    Objects.requireNonNull(chroma, "chroma");
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(masteringDisplay, "masteringDisplay");
    Objects.requireNonNull(contentLightLevel, "contentLightLevel");
    Objects.requireNonNull(dolbyVision, "dolbyVision");
    Objects.requireNonNull(dynamicRange, "dynamicRange");
  }
}
