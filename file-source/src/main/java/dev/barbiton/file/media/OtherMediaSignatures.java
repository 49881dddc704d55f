package dev.barbiton.file.media;

import java.nio.ByteBuffer;

/**
 * Signatures of media formats the sniffers do not describe (no {@link MediaInfo.Container} for
 * them), so that a {@code video/*} or {@code audio/*} body in one of them is not taken for a
 * page that lies about its type: AVI, FLV, ASF/WMV, MPEG program streams, AC-3, DTS, AMR,
 * AIFF, CAF, RealMedia, WavPack, Musepack, APE, DSF, MIDI.
 */
final class OtherMediaSignatures {
  private OtherMediaSignatures() {}

  static boolean matches(ByteBuffer first) {
    SniffWindow w = new SniffWindow(first, 16);
    return (w.matches(0, "RIFF") && (w.matches(8, "AVI ") || w.matches(8, "AMV ")))
        || w.matches(0, "FLV\u0001")
        || (w.has(0, 4) && w.u32(0) == 0x3026B275L) // ASF header object GUID
        || (w.has(0, 4) && w.u32(0) == 0x000001BAL) // MPEG-PS pack header
        || (w.has(0, 2) && w.u16(0) == 0x0B77) // AC-3 / E-AC-3 sync word
        || (w.has(0, 4) && w.u32(0) == 0x7FFE8001L) // DTS core sync
        || w.matches(0, "#!AMR")
        || (w.matches(0, "FORM") && (w.matches(8, "AIFF") || w.matches(8, "AIFC")))
        || w.matches(0, "caff") || w.matches(0, ".RMF") || w.matches(0, "wvpk")
        || w.matches(0, "MPCK") || w.matches(0, "MP+") || w.matches(0, "MAC ")
        || w.matches(0, "DSD ") || w.matches(0, "MThd");
  }
}
