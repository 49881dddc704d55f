package dev.barbiton.file.media;

import java.util.Objects;

/**
 * A Dolby Vision configuration ({@code dvcC}, {@code dvvC} or {@code dvwC} box; Matroska's
 * BlockAdditionMapping of the same record): Dolby's "Dolby Vision Streams Within the ISO Base
 * Media File Format".
 *
 * @param versionMajor {@code dv_version_major}
 * @param versionMinor {@code dv_version_minor}
 * @param profile {@code dv_profile}: 5, 7, 8, 9, 10 ...
 * @param level {@code dv_level}
 * @param rpuPresent {@code rpu_present_flag}
 * @param enhancementLayerPresent {@code el_present_flag}
 * @param baseLayerPresent {@code bl_present_flag}
 * @param compatibilityId {@code dv_bl_signal_compatibility_id}: 0 none, 1 HDR10, 2 SDR, 4 HLG, 6 BT.2100 PQ
 * @param codec the Dolby Vision codec string ({@code "dvh1.08.06"}): the sample entry's type
 *     when it is a Dolby Vision one, else the type that matches the base layer's codec ({@code
 *     dvh1} for HEVC, {@code dav1} for AV1, {@code dva1} for H.264), then profile and level,
 *     two decimal digits each
 */
public record DolbyVision(int versionMajor, int versionMinor, int profile, int level, boolean rpuPresent,
    boolean enhancementLayerPresent, boolean baseLayerPresent, int compatibilityId, String codec) {
  /** @throws IllegalArgumentException if a field is outside its bits, or the codec is not a token */
  public DolbyVision {
    ValueChecks.range(versionMajor, 0, 255, "versionMajor");
    ValueChecks.range(versionMinor, 0, 255, "versionMinor");
    ValueChecks.range(profile, 0, 127, "profile");
    ValueChecks.range(level, 0, 63, "level");
    ValueChecks.range(compatibilityId, 0, 15, "compatibilityId");
    Objects.requireNonNull(codec, "codec");
    if (!MediaInfo.isCodecToken(codec)) throw new IllegalArgumentException("bad codec: '" + codec + "'");
  }
}
