package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes the ISO base media file format (ISO/IEC 14496-12: MP4, M4A, QuickTime, 3GP, CMAF
 * segments) by its first box, reads the brands of {@code ftyp}/{@code styp}, and, when a {@code
 * moov} box lies in the window (a "fast start" file), its tracks ({@link Mp4Tracks}): their
 * codecs, and all their details when the whole {@code moov} lies in the window.
 *
 * <p>Bounded: at most {@link #MAX_BOXES} top-level box headers are read, and every box offset
 * strictly increases inside the window.
 */
final class IsoBmffSniffer {
  private static final int MAX_BOXES = 512;

  private final SniffWindow w;
  private final ByteBuffer bytes;
  private final List<String> codecs = new ArrayList<>();
  private final List<TrackDetails> tracks = new ArrayList<>();
  private boolean sawMoov;
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
        Optional.ofNullable(s.brand), s.compatibleBrands, Source.SNIFFED, s.tracks));
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
        } else if (box.type().equals("moov") && depth == 0 && !sawMoov) {
          readMoov(box);
        }
      }
    } catch (MalformedBoxException e) {
      // the window ends here, or the box is malformed: what was read stands
    }
  }

  /**
   * The tracks of the {@code moov}: their codecs, and all of them when the whole box lies in the
   * window (then the details are complete).
   */
  private void readMoov(BoxHeader moov) {
    sawMoov = true;
    List<Mp4Tracks.Read> read = Mp4Tracks.read(bytes, 0, moov);
    boolean whole = moov.end() <= w.length();
    for (Mp4Tracks.Read r : read) {
      TrackDetails track = r.track();
      whole &= r.whole();
      if (track.kind() == TrackDetails.Kind.VIDEO) sawVideo = true;
      if (track.kind() == TrackDetails.Kind.AUDIO) sawAudio = true;
      if (!track.codec().equals("unknown") && !codecs.contains(track.codec())) codecs.add(track.codec());
    }
    if (whole) for (Mp4Tracks.Read r : read) tracks.add(r.track());
  }

  private void readBrands(BoxHeader box) {
    brand = w.fourCc(box.payloadOffset());
    long limit = Math.min(box.end(), w.length());
    for (long o = box.payloadOffset() + 8; o + 4 <= limit; o += 4) {
      String compatible = w.fourCc(o);
      if (compatible != null) compatibleBrands.add(compatible);
    }
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
}
