package dev.barbiton.file.media.codec;

import dev.barbiton.file.media.ColourInfo;
import dev.barbiton.file.media.ContentLightLevel;
import dev.barbiton.file.media.DolbyVision;
import dev.barbiton.file.media.MasteringDisplay;
import dev.barbiton.file.media.VideoFormat;
import dev.barbiton.file.media.VideoFormat.ChromaFormat;
import dev.barbiton.file.media.VideoFormat.DynamicRange;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the readers learn of one video track, gathered from the bitstream (parameter sets,
 * sequence headers, SEI) and from the container (sample entry, {@code colr}, {@code mdcv},
 * Matroska's Video element), then made into a {@link VideoFormat}. Where both state a value the
 * bitstream wins: it is what the decoder follows. Not thread-safe.
 */
public final class VideoFacts {
  int width;
  int height;
  int codedWidth;
  int codedHeight;
  int bitDepth;
  int chromaBitDepth;
  ChromaFormat chroma;
  ColourInfo streamColour;
  double streamFrameRate;
  int preferredTransfer = -1;
  private int containerWidth;
  private int containerHeight;
  private ColourInfo containerColour;
  private MasteringDisplay mastering;
  private ContentLightLevel contentLight;
  private DolbyVision dolbyVision;

  /** The size the container states (sample entry, track header, PixelWidth and PixelHeight). */
  public void containerSize(long width, long height) {
    if (width > 0 && height > 0 && width <= Integer.MAX_VALUE && height <= Integer.MAX_VALUE) {
      containerWidth = (int) width;
      containerHeight = (int) height;
    }
  }

  /** A colour description the container states ({@code colr}, Matroska Colour). */
  public void containerColour(ColourInfo colour) {
    if (containerColour == null) containerColour = colour;
  }

  /** A mastering display colour volume, from the container or an SEI message; the first stands. */
  public void mastering(MasteringDisplay display) {
    if (mastering == null) mastering = display;
  }

  /** A content light level, from the container or an SEI message; the first stands. */
  public void contentLight(ContentLightLevel level) {
    if (contentLight == null) contentLight = level;
  }

  /** A Dolby Vision configuration; the first stands. */
  public void dolbyVision(DolbyVision config) {
    if (dolbyVision == null) dolbyVision = config;
  }

  /** The bit depth the container states, when the bitstream did not. */
  public void containerBitDepth(int bits) {
    if (bitDepth == 0 && bits > 0 && bits <= 16) {
      bitDepth = bits;
      chromaBitDepth = bits;
    }
  }

  /**
   * The colour description, code point by code point: the bitstream's where it states one (not
   * unspecified), else the container's; the range is the bitstream's when it states one. A VP9
   * frame header names only its matrix, so the container's primaries and transfer complete it.
   */
  public Optional<ColourInfo> colour() {
    if (streamColour == null || containerColour == null) {
      return Optional.ofNullable(streamColour != null ? streamColour : containerColour);
    }
    return Optional.of(new ColourInfo(pick(streamColour.primaries(), containerColour.primaries()),
        pick(streamColour.transfer(), containerColour.transfer()), pick(streamColour.matrix(), containerColour.matrix()),
        streamColour.fullRange()));
  }

  private static int pick(int stream, int container) {
    return stream != ColourInfo.UNSPECIFIED ? stream : container;
  }

  /** The frame rate the bitstream's timing information states, if any. */
  public OptionalDouble streamFrameRate() {
    return streamFrameRate > 0 && streamFrameRate < 1e6 ? OptionalDouble.of(streamFrameRate) : OptionalDouble.empty();
  }

  /** The picture width: the bitstream's when read, else the container's; 0 if neither. */
  public int width() {
    return width > 0 ? width : containerWidth;
  }

  /** The picture height, as {@link #width()}. */
  public int height() {
    return height > 0 ? height : containerHeight;
  }

  /** The format, or empty while the picture size is unknown. */
  public Optional<VideoFormat> build() {
    int w = width();
    int h = height();
    if (w <= 0 || h <= 0) return Optional.empty();
    Optional<ColourInfo> colour = colour();
    return Optional.of(new VideoFormat(w, h, positive(codedWidth), positive(codedHeight), positive(bitDepth),
        positive(chromaBitDepth), Optional.ofNullable(chroma), colour, Optional.ofNullable(mastering),
        Optional.ofNullable(contentLight), Optional.ofNullable(dolbyVision), dynamicRange(colour)));
  }

  private DynamicRange dynamicRange(Optional<ColourInfo> colour) {
    if (dolbyVision != null) return DynamicRange.DOLBY_VISION;
    int transfer = colour.map(ColourInfo::transfer).orElse(ColourInfo.UNSPECIFIED);
    if (transfer == ColourInfo.TRANSFER_PQ) return DynamicRange.HDR10;
    if (transfer == ColourInfo.TRANSFER_HLG || preferredTransfer == ColourInfo.TRANSFER_HLG) return DynamicRange.HLG;
    return DynamicRange.SDR;
  }

  private static OptionalInt positive(int value) {
    return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
  }
}
