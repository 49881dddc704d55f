package dev.barbiton.file.media.codec;

/**
 * The first parameter sets of an H.264 or H.265 Annex-B byte stream (an MPEG-TS elementary
 * stream, a raw {@code .h264} or {@code .hevc} file): the first SPS (and, for H.265, VPS) and the
 * SEI units before it or in the same access unit, read into a {@link TrackBuilder}.
 */
public final class AnnexB {
  private AnnexB() {}

  /** The stream kinds this class reads. */
  public enum Codec {
    H264,
    HEVC
  }

  /**
   * What the byte stream's first NAL unit header says it is, from the byte after the first start
   * code ({@code 00 00 01} or {@code 00 00 00 01}) at {@code offset}: null if there is no start
   * code there or the header is not a plausible first unit of either codec (an SPS, VPS, access
   * unit delimiter or SEI of H.265 with a second header byte of {@code 01}; an SPS, access unit
   * delimiter, SEI or IDR slice of H.264).
   */
  public static Codec detect(byte[] data, int offset, int length) {
    int p = offset;
    int end = offset + length;
    if (end - p >= 4 && data[p] == 0 && data[p + 1] == 0 && data[p + 2] == 0 && data[p + 3] == 1) {
      p += 4;
    } else if (end - p >= 3 && data[p] == 0 && data[p + 1] == 0 && data[p + 2] == 1) {
      p += 3;
    } else {
      return null;
    }
    if (end - p < 2) return null;
    int first = data[p] & 0xFF;
    int second = data[p + 1] & 0xFF;
    if ((first & 0x80) != 0) return null; // forbidden_zero_bit
    int hevcType = first >>> 1 & 0x3F;
    if ((first & 1) == 0 && second == 0x01 && (hevcType == 32 || hevcType == 33 || hevcType == 35 || hevcType == 39)) {
      return Codec.HEVC;
    }
    int avcType = first & 0x1F;
    int reference = first >>> 5 & 3;
    if (avcType == 7 && reference != 0 || avcType == 9 || avcType == 6 && reference == 0 || avcType == 5 && reference != 0) {
      return Codec.H264;
    }
    return null;
  }

  /** How far {@link #read} got. */
  public enum Found {
    /** No SPS that parses. */
    NOTHING,
    /** An SPS, and the bytes end before the first picture's slice. */
    PARAMETER_SETS,
    /** An SPS and the first slice after it: the units of the first access unit are all read. */
    FIRST_PICTURE
  }

  /**
   * Reads the parameter sets of the byte stream in {@code length} bytes from {@code offset}: the
   * first SPS (the track's configuration and picture format) and the VPS and SEI units up to the
   * first picture's slice.
   */
  public static Found read(Codec codec, byte[] data, int offset, int length, TrackBuilder track) {
    boolean sps = false;
    for (Nal.Unit unit : Nal.annexB(data, offset, length)) {
      int at = unit.offset();
      int size = unit.length();
      try {
        if (codec == Codec.H264) {
          int type = data[at] & 0x1F;
          if (type == AvcParameterSets.SPS && !sps) {
            track.config(AvcParameterSets.readSps(data, at, size, track.video()));
            sps = true;
          } else if (type == AvcParameterSets.SEI) {
            HdrMetadata.readSei(data, at, size, 1, track.video());
          } else if (sps && (type == 1 || type == 5)) {
            return Found.FIRST_PICTURE; // its access unit's SEI units came before it
          }
        } else {
          if (size < 2) continue;
          int type = HevcParameterSets.nalType(data, at);
          if (type == HevcParameterSets.VPS) {
            HevcParameterSets.readVps(data, at, size, track.video());
          } else if (type == HevcParameterSets.SPS && !sps) {
            track.config(HevcParameterSets.readSps(data, at, size, track.video()));
            sps = true;
          } else if (type == HevcParameterSets.PREFIX_SEI || type == HevcParameterSets.SUFFIX_SEI) {
            HdrMetadata.readSei(data, at, size, 2, track.video());
          } else if (sps && type < 32) {
            return Found.FIRST_PICTURE; // its prefix SEI units came before it
          }
        }
      } catch (BitstreamException e) {
        // this unit does not parse: look at the next
      }
    }
    return sps ? Found.PARAMETER_SETS : Found.NOTHING;
  }
}
