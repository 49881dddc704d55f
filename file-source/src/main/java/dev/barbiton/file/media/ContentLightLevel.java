package dev.barbiton.file.media;

/**
 * The light level of a video's content (CTA-861.3), from a {@code clli} box, a content light
 * level information SEI message, an AV1 metadata OBU or Matroska's MaxCLL and MaxFALL.
 *
 * @param maxCll the brightest pixel of the whole video, in cd/m²; 0 if unknown
 * @param maxFall the brightest frame on average, in cd/m²; 0 if unknown
 */
public record ContentLightLevel(int maxCll, int maxFall) {
  /** @throws IllegalArgumentException if a value is outside 0..65535 */
  public ContentLightLevel {
    ValueChecks.range(maxCll, 0, 65535, "maxCll");
    ValueChecks.range(maxFall, 0, 65535, "maxFall");
  }
}
