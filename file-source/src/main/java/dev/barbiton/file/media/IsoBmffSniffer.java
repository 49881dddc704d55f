package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.nio.ByteBuffer;
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
  private final ByteBuffer bytes;
  private final List<String> codecs = new ArrayList<>();
  private final List<String> compatibleBrands = new ArrayList<>();
  private String brand;
  private boolean sawVideo;
  private boolean sawAudio;
  private int boxesRead;

  private IsoBmffSniffer(SniffWindow w, ByteBuffer bytes) {
    this.w = w;
    this.bytes = bytes;
  }

  /** The ISO BMFF facts if the window starts with a plausible ISO BMFF box. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    ByteBuffer bytes = w.bytes();
    String type;
    long payload;
    try {
      BoxHeader first = BoxHeader.parse(bytes, 0, 0, Long.MAX_VALUE);
      type = first.type();
      payload = first.payloadOffset();
    } catch (MalformedBoxException e) {
      // A window that ends inside the first header (a largesize or uuid box) still names its type.
      if (!e.truncated()) return Optional.empty();
      type = e.boxType();
      payload = -1;
    }
    if (!BoxHeader.FIRST_BOXES.contains(type)) return Optional.empty();
    boolean typeBox = type.equals("ftyp") || type.equals("styp");
    if (typeBox && w.fourCc(payload) == null) return Optional.empty();
    IsoBmffSniffer s = new IsoBmffSniffer(w, bytes);
    s.walk(new BoxIterator(bytes, 0, 0, Long.MAX_VALUE), 0);
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

  /**
   * Reads {@code boxes}, descending on the way to the sample descriptions; stops at the first
   * header that the window cuts short or that is malformed.
   */
  private void walk(BoxIterator boxes, int depth) {
    try {
      for (BoxHeader box; (box = next(boxes)) != null; ) {
        if ((box.type().equals("ftyp") || box.type().equals("styp")) && depth == 0 && brand == null) {
          readBrands(box);
        } else if (PATH_TO_STSD.contains(box.type()) && depth < MAX_DEPTH) {
          walk(BoxIterator.children(bytes, 0, box), depth + 1);
        } else if (box.type().equals("stsd")) {
          readSampleDescriptions(box);
        }
      }
    } catch (MalformedBoxException e) {
      // the window ends here, or the box is malformed: what was read stands
    }
  }

  private void readBrands(BoxHeader box) {
    brand = w.fourCc(box.payloadOffset());
    long limit = Math.min(box.end(), w.length());
    for (long o = box.payloadOffset() + 8; o + 4 <= limit; o += 4) {
      String compatible = w.fourCc(o);
      if (compatible != null) compatibleBrands.add(compatible);
    }
  }

  /** stsd: version and flags, entry_count, then one sample entry box per entry. */
  private void readSampleDescriptions(BoxHeader stsd) {
    if (!isFullBox(stsd)) return;
    try {
      long count = stsd.payloadOffset() + BoxHeader.VERSION_AND_FLAGS;
      if (!w.has(count, 4)) return;
      long entries = Math.min(w.u32(count), MAX_ENTRIES);
      BoxIterator boxes = BoxIterator.children(bytes, 0, stsd, BoxHeader.VERSION_AND_FLAGS + 4);
      BoxHeader entry;
      for (long i = 0; i < entries && (entry = next(boxes)) != null; i++) {
        String codec = sampleEntryCodec(entry);
        if (codec != null && MediaInfo.isCodecToken(codec) && !codecs.contains(codec)) {
          codecs.add(codec);
        }
      }
    } catch (MalformedBoxException e) {
      // the window ends inside stsd, or an entry is malformed: the entries read stand
    }
  }

  /** The codec string for one sample entry, or null if its type is not printable. */
  private String sampleEntryCodec(BoxHeader entry) {
    String format = w.fourCc(entry.offset() + 4);
    if (format == null) return null;
    long fields;
    if (VIDEO_ENTRIES.contains(format)) {
      sawVideo = true;
      fields = 78; // SampleEntry (8) + VisualSampleEntry fields (70)
    } else if (AUDIO_ENTRIES.contains(format)) {
      sawAudio = true;
      // SampleEntry (8) + AudioSampleEntry fields (20); QuickTime sound description versions 1
      // and 2 append 16 and 36 bytes (QTFF, "Sound Sample Description").
      long payload = entry.payloadOffset();
      int version = w.has(payload + 8, 2) ? w.u16(payload + 8) : 0;
      fields = 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
    } else {
      return format;
    }
    String original = format;
    String detail = null;
    try {
      BoxIterator children = BoxIterator.children(bytes, 0, entry, fields);
      for (BoxHeader child; (child = next(children)) != null; ) {
        long payload = child.payloadOffset();
        if (child.type().equals("sinf")) {
          // Protected entry (encv/enca): the original format is in sinf/frma (14496-12 8.12).
          String frma = originalFormat(child);
          if (frma != null) original = frma;
        } else if (child.type().equals("avcC") && w.has(payload, 4)) {
          // AVCDecoderConfigurationRecord: version, profile, constraint flags, level (RFC 6381 3.3).
          detail = String.format(Locale.ROOT, "%02x%02x%02x",
              w.u8(payload + 1), w.u8(payload + 2), w.u8(payload + 3));
        } else if (child.type().equals("esds")) {
          detail = esdsCodecSuffix(child);
        }
      }
    } catch (MalformedBoxException e) {
      // the window ends inside the entry, or a child is malformed: what was read stands
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

  /** The format in {@code sinf/frma}, or null if it is not there or not printable. */
  private String originalFormat(BoxHeader sinf) {
    String original = null;
    try {
      BoxIterator boxes = BoxIterator.children(bytes, 0, sinf);
      for (BoxHeader inner; (inner = next(boxes)) != null; ) {
        String format = inner.type().equals("frma") ? w.fourCc(inner.payloadOffset()) : null;
        if (format != null) original = format;
      }
    } catch (MalformedBoxException e) {
      // the window ends inside sinf, or a child is malformed: what was read stands
    }
    return original;
  }

  /**
   * The next box of {@code boxes}, one of the {@link #MAX_BOXES} this sniffer reads; null at the
   * end of their range or once all are read.
   */
  private BoxHeader next(BoxIterator boxes) throws MalformedBoxException {
    if (boxesRead >= MAX_BOXES || !boxes.hasNext()) return null;
    boxesRead++;
    return boxes.next();
  }

  /** The part after {@code "mp4a."} from an {@code esds} (a full box), or null. */
  private String esdsCodecSuffix(BoxHeader esds) {
    return isFullBox(esds)
        ? Mpeg4Audio.esdsCodecSuffix(w, esds.payloadOffset() + BoxHeader.VERSION_AND_FLAGS, esds.end())
        : null;
  }

  /** True if the window holds the version and flags of {@code box}, a full box. */
  private boolean isFullBox(BoxHeader box) {
    try {
      box.fullBox(bytes, 0);
      return true;
    } catch (MalformedBoxException e) {
      return false;
    }
  }
}
