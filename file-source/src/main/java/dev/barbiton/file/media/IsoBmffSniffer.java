package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognizes the ISO base media file format (ISO/IEC 14496-12: MP4, M4A, QuickTime, 3GP, CMAF
 * segments) by its first box, reads the brands of {@code ftyp}/{@code styp}, and, when a {@code
 * moov} box lies in the window (a "fast start" file), the sample entries of its tracks.
 *
 * <p>Bounded: at most {@link #MAX_BOXES} box headers are read, nested at most {@link #MAX_DEPTH}
 * deep, and every box offset strictly increases inside the window.
 */
final class IsoBmffSniffer {
  private static final int MAX_BOXES = 512;
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ENTRIES = 16;


  /** Boxes on the path from moov to stsd. */
  private static final Set<String> PATH_TO_STSD = Set.of("moov", "trak", "mdia", "minf", "stbl");

  /** Sample entries that extend VisualSampleEntry (ISO/IEC 14496-12 12.1.3, 14496-15). */
  private static final Set<String> VIDEO_ENTRIES = Set.of("avc1", "avc3", "avc2", "avc4",
      "hvc1", "hev1", "dvh1", "dvhe", "dva1", "dvav", "vvc1", "vvi1", "vp08", "vp09", "av01",
      "mp4v", "s263", "encv", "jpeg", "mjp2", "apch", "apcn", "apcs", "apco", "ap4h");

  /** Sample entries that extend AudioSampleEntry. */
  private static final Set<String> AUDIO_ENTRIES = Set.of("mp4a", "Opus", "fLaC", "ac-3", "ec-3",
      "ac-4", ".mp3", "alac", "enca", "samr", "sawb", "dtsc", "dtse", "dtsh", "dtsl", "mha1",
      "mhm1", "ipcm", "fpcm", "lpcm", "sowt", "twos", "ulaw", "alaw");

  private final SniffWindow w;
  private final List<String> codecs = new ArrayList<>();
  private final List<String> compatibleBrands = new ArrayList<>();
  private String brand;
  private boolean sawVideo;
  private boolean sawAudio;
  private int boxesRead;

  private IsoBmffSniffer(SniffWindow w) {
    this.w = w;
  }

  /** The ISO BMFF facts if the window starts with a plausible ISO BMFF box. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    Box first = Box.read(w, 0, w.length());
    if (first == null || !BoxHeader.FIRST_BOXES.contains(first.type)) return Optional.empty();
    boolean typeBox = first.type.equals("ftyp") || first.type.equals("styp");
    if (typeBox && w.fourCc(first.payload) == null) return Optional.empty();
    IsoBmffSniffer s = new IsoBmffSniffer(w);
    s.walk(0, w.length(), 0);
    return Optional.of(new MediaInfo(Container.MP4, Optional.of(s.mimeType()), s.codecs,
        Optional.ofNullable(s.brand), s.compatibleBrands, Source.SNIFFED));
  }

  private String mimeType() {
    if (brand != null) {
      switch (brand) {
        case "M4A": case "M4B": case "M4P": case "F4A": case "F4B":
          return "audio/mp4";
        case "qt":
          return "video/quicktime";
        case "avif": case "avis":
          return "image/avif";
        case "heic": case "heix": case "mif1": case "msf1":
          return "image/heif";
        default:
          if (brand.startsWith("3gp")) return "video/3gpp";
          if (brand.startsWith("3g2")) return "video/3gpp2";
      }
    }
    return sawAudio && !sawVideo ? "audio/mp4" : "video/mp4";
  }

  /** Reads the boxes in [start, end), descending on the way to the sample descriptions. */
  private void walk(long start, long end, int depth) {
    long offset = start;
    while (boxesRead < MAX_BOXES && w.has(offset, 8) && offset < end) {
      Box box = Box.read(w, offset, end);
      boxesRead++;
      if (box == null) return;
      if ((box.type.equals("ftyp") || box.type.equals("styp")) && depth == 0 && brand == null) {
        readBrands(box);
      } else if (PATH_TO_STSD.contains(box.type) && depth < MAX_DEPTH) {
        walk(box.payload, Math.min(box.end, end), depth + 1);
      } else if (box.type.equals("stsd")) {
        readSampleDescriptions(box);
      }
      offset = box.end;
    }
  }

  private void readBrands(Box box) {
    brand = w.fourCc(box.payload);
    long limit = Math.min(box.end, w.length());
    for (long o = box.payload + 8; o + 4 <= limit; o += 4) {
      String compatible = w.fourCc(o);
      if (compatible != null) compatibleBrands.add(compatible);
    }
  }

  /** stsd: version and flags, entry_count, then one sample entry box per entry. */
  private void readSampleDescriptions(Box stsd) {
    if (!w.has(stsd.payload, 8)) return;
    long entries = Math.min(w.u32(stsd.payload + 4), MAX_ENTRIES);
    long offset = stsd.payload + 8;
    for (long i = 0; i < entries && boxesRead < MAX_BOXES && w.has(offset, 8) && offset < stsd.end;
        i++) {
      Box entry = Box.read(w, offset, stsd.end);
      boxesRead++;
      if (entry == null) return;
      String codec = sampleEntryCodec(entry);
      if (codec != null && MediaInfo.isCodecToken(codec) && !codecs.contains(codec)) {
        codecs.add(codec);
      }
      offset = entry.end;
    }
  }

  /** The codec string for one sample entry, or null if its type is not printable. */
  private String sampleEntryCodec(Box entry) {
    String format = w.fourCc(entry.offset + 4);
    if (format == null) return null;
    long children;
    if (VIDEO_ENTRIES.contains(format)) {
      sawVideo = true;
      children = entry.payload + 78; // SampleEntry (8) + VisualSampleEntry fields (70)
    } else if (AUDIO_ENTRIES.contains(format)) {
      sawAudio = true;
      // SampleEntry (8) + AudioSampleEntry fields (20); QuickTime sound description versions 1
      // and 2 append 16 and 36 bytes (QTFF, "Sound Sample Description").
      int version = w.has(entry.payload + 8, 2) ? w.u16(entry.payload + 8) : 0;
      children = entry.payload + 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
    } else {
      return format;
    }
    String original = format;
    String detail = null;
    long end = Math.min(entry.end, w.length());
    for (long o = children; boxesRead < MAX_BOXES && w.has(o, 8) && o < end; ) {
      Box child = Box.read(w, o, entry.end);
      boxesRead++;
      if (child == null) break;
      if (child.type.equals("sinf")) {
        // Protected entry (encv/enca): the original format is in sinf/frma (14496-12 8.12).
        for (long p = child.payload; boxesRead < MAX_BOXES && w.has(p, 12) && p < child.end; ) {
          Box inner = Box.read(w, p, child.end);
          boxesRead++;
          if (inner == null) break;
          if (inner.type.equals("frma") && w.fourCc(inner.payload) != null) {
            original = w.fourCc(inner.payload);
          }
          p = inner.end;
        }
      } else if (child.type.equals("avcC") && w.has(child.payload, 4)) {
        // AVCDecoderConfigurationRecord: version, profile, constraint flags, level (RFC 6381 3.3).
        detail = String.format(Locale.ROOT, "%02x%02x%02x",
            w.u8(child.payload + 1), w.u8(child.payload + 2), w.u8(child.payload + 3));
      } else if (child.type.equals("esds")) {
        detail = Mpeg4Audio.esdsCodecSuffix(w, child.payload + 4, child.end);
      }
      o = child.end;
    }
    switch (original) {
      case "Opus": return "opus";
      case "fLaC": return "flac";
      case ".mp3": return "mp3";
      case "avc1": case "avc3": return detail == null ? original : original + "." + detail;
      case "mp4a": return detail == null ? original : original + "." + detail;
      default: return original;
    }
  }

  /**
   * A box header: 32-bit size and type, a 64-bit size when the 32-bit size is 1, and "to the end"
   * when it is 0 (ISO/IEC 14496-12 4.2).
   */
  private static final class Box {
    final long offset;
    final String type;
    final long payload;
    final long end;

    private Box(long offset, String type, long payload, long end) {
      this.offset = offset;
      this.type = type;
      this.payload = payload;
      this.end = end;
    }

    /** The box at {@code offset} inside a parent ending at {@code parentEnd}, or null if bad. */
    static Box read(SniffWindow w, long offset, long parentEnd) {
      if (!w.has(offset, 8)) return null;
      long size = w.u32(offset);
      String type = w.latin1(offset + 4, 4);
      long header = 8;
      if (size == 1) {
        if (!w.has(offset + 8, 8)) return null;
        size = w.u64(offset + 8);
        header = 16;
      } else if (size == 0) {
        size = parentEnd - offset;
      }
      if (size < header || size > Long.MAX_VALUE - offset) return null;
      return new Box(offset, type, offset + header, offset + size);
    }
  }
}
