package dev.barbiton.file.media;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What an audio track's samples are: the configuration record's values where there is one
 * (AAC's {@code AudioSpecificConfig}, Opus's header, FLAC's {@code STREAMINFO}), else the sample
 * entry's or the track entry's.
 *
 * @param sampleRate samples per second per channel, as a decoder outputs them (48,000 for Opus);
 *     positive
 * @param channels positive
 * @param bitsPerSample bits per decoded sample where the format states it (FLAC, PCM)
 */
public record AudioFormat(int sampleRate, int channels, OptionalInt bitsPerSample) {
  /** @throws IllegalArgumentException if the rate or channels are not positive */
  public AudioFormat {
    ValueChecks.range(sampleRate, 1, Integer.MAX_VALUE, "sampleRate");
    ValueChecks.range(channels, 1, 255, "channels");
    Objects.requireNonNull(bitsPerSample, "bitsPerSample");
  }
}
