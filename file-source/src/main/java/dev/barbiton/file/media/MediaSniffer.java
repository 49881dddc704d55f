package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import dev.barbiton.file.media.codec.AnnexB;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what a media resource is from its first bytes and its {@code Content-Type} header.
 *
 * <p>What a caller may rely on:
 *
 * <ul>
 *   <li>{@link #sniff} never throws for any content: garbage, empty, truncated or hostile bytes
 *       give {@link Container#UNKNOWN} (or a container recognized from what is there). It looks at
 *       no more than {@link #SNIFF_BYTES} bytes from the buffer's position, reads them with
 *       absolute gets only (position, limit and mark are left alone), allocates little, and its
 *       work is bounded by that window whatever sizes the bytes claim.
 *   <li>Bytes win over headers: when the bytes name a container, {@link #combine} reports it even
 *       if the header named another (servers send {@code audio/mpeg} for MP4 files and {@code
 *       application/octet-stream} for everything). The header fills in what the bytes could not
 *       tell: a container when the bytes are unknown, and codecs ({@link #combine} lists the
 *       two cases where bytes that cannot be sure give way).
 *   <li>HTML is not media: {@link #fromContentType} ignores {@code text/html} and {@link #sniff}
 *       reports it as {@link Container#UNKNOWN}; {@link #looksLikeHtml} tells a captive portal or
 *       error page served in place of media.
 *   <li>All methods are static, stateless and safe to call from any thread, provided no other
 *       thread writes to the buffer meanwhile.
 * </ul>
 *
 * <p>Formats recognized, with the bytes each needs at least: ISO BMFF (MP4, M4A, QuickTime, 3GP,
 * CMAF) 12 bytes for {@code ftyp} and its major brand, 8 for files starting with another box;
 * Matroska and WebM 4 bytes for the EBML magic and the whole EBML header (usually under 40 bytes)
 * to tell WebM from Matroska; MP3 (layers III and II) 4 bytes, or 10 for an ID3v2 tag whose frames
 * lie beyond; ADTS AAC 7; FLAC 4; Ogg 27 plus the segment table and 8 bytes of the first packet to
 * name its codec; WAV 12; MPEG-TS 189 (sync bytes at 0 and 188, and at 376 if present); raw
 * H.264 and H.265 Annex-B streams 6 (a start code and a first NAL unit header that opens a
 * stream). Codecs of MP4 and Matroska tracks are reported when the {@code moov} or {@code Tracks}
 * element lies in the window, of MPEG-TS streams when the PMT does, and their details ({@link
 * MediaInfo#tracks()}) when all of it does; {@link MediaProbe} reads them wherever they lie.
 */
public final class MediaSniffer {
  /**
   * How many first bytes sniffing looks at, at most. Fewer work: most formats are told from 12
   * bytes (see the class documentation); more are ignored.
   */
  public static final int SNIFF_BYTES = 4096;

  /** How many first bytes {@link #indexAtEnd} needs at most to decide. */
  public static final int INDEX_AT_END_BYTES = TailIndex.WINDOW;

  private static final Logger log = LoggerFactory.getLogger(MediaSniffer.class);

  /** Tags that open an HTML document (WHATWG MIME Sniffing, 7.1 "identifying ... unknown"). */
  private static final String[] HTML_STARTS = {
    "<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<title", "<!--",
  };

  private MediaSniffer() {}

  /**
   * Tells the container, and what else the bytes reveal, from the bytes between {@code
   * firstBytes}' position and limit (at most {@link #SNIFF_BYTES} of them). Never throws for any
   * content and does not move the buffer's position.
   *
   * @return the facts found, with source {@link Source#SNIFFED}; {@link MediaInfo#unknown()} if
   *     the bytes match no known format
   * @throws NullPointerException if {@code firstBytes} is null
   */
  public static MediaInfo sniff(ByteBuffer firstBytes) {
    Objects.requireNonNull(firstBytes, "firstBytes");
    try {
      return detect(firstBytes);
    } catch (RuntimeException e) {
      // A sniffer bug: the contract says never throw, so report it and carry on.
      log.warn("Sniffing {} bytes failed; reporting UNKNOWN", firstBytes.remaining(), e);
      return MediaInfo.unknown();
    }
  }

  /** {@link #sniff} without the safety net, so that tests see sniffer bugs. */
  static MediaInfo detect(ByteBuffer firstBytes) {
    SniffWindow w = new SniffWindow(firstBytes, SNIFF_BYTES);
    Optional<MediaInfo> info = IsoBmffSniffer.sniff(w);
    if (!info.isPresent()) info = EbmlSniffer.sniff(w);
    if (!info.isPresent()) info = OggSniffer.sniff(w);
    if (!info.isPresent()) info = sniffSimple(w);
    if (!info.isPresent()) info = AudioFrameSniffer.sniff(w);
    return info.orElse(MediaInfo.unknown());
  }

  /** FLAC, WAV, MPEG-TS and Annex-B H.264/H.265, told by fixed bytes alone. */
  private static Optional<MediaInfo> sniffSimple(SniffWindow w) {
    if (w.matches(0, "fLaC")) return simple(Container.FLAC, "audio/flac", List.of("flac"));
    if ((w.matches(0, "RIFF") || w.matches(0, "RIFX") || w.matches(0, "RF64"))
        && w.matches(8, "WAVE")) {
      return simple(Container.WAV, "audio/wav", List.of());
    }
    if (w.has(0, 189) && w.u8(0) == 0x47 && w.u8(188) == 0x47
        && (!w.has(376, 1) || w.u8(376) == 0x47)) {
      MpegTsTracks.Result ts = MpegTsTracks.read(w, false);
      return simple(Container.MPEG_TS, "video/mp2t", ts.codecs(), ts.complete() ? ts.tracks() : List.of());
    }
    byte[] head = new byte[Math.min(w.length(), 16)];
    for (int i = 0; i < head.length; i++) head[i] = (byte) w.u8(i);
    AnnexB.Codec annexB = AnnexB.detect(head, 0, head.length);
    if (annexB == AnnexB.Codec.H264) return simple(Container.H264, "video/h264", List.of("avc1"));
    if (annexB == AnnexB.Codec.HEVC) return simple(Container.HEVC, "video/h265", List.of("hvc1"));
    return Optional.empty();
  }

  private static Optional<MediaInfo> simple(Container c, String mimeType, List<String> codecs) {
    return simple(c, mimeType, codecs, List.of());
  }

  private static Optional<MediaInfo> simple(Container c, String mimeType, List<String> codecs,
      List<TrackDetails> tracks) {
    return Optional.of(new MediaInfo(c, Optional.of(mimeType), codecs, Optional.empty(),
        List.of(), Source.SNIFFED, tracks));
  }

  /**
   * Reads a {@code Content-Type} header value: the media type (case-insensitive) and its {@code
   * codecs} parameter, quoted ({@code codecs="avc1.64001f, mp4a.40.2"}) or not.
   *
   * <p>Known types map to a container and a normalized MIME type: {@code video/mp4}, {@code
   * audio/mp4}, {@code audio/x-m4a}, {@code video/quicktime}, {@code video/3gpp} (MP4); {@code
   * video/webm}, {@code audio/webm} (WebM); {@code video/x-matroska} (Matroska); {@code
   * audio/mpeg}, {@code audio/mp3} (MP3); {@code audio/aac}, {@code audio/aacp} (ADTS); {@code
   * audio/flac}, {@code audio/x-flac}; {@code audio/ogg}, {@code video/ogg}, {@code
   * application/ogg}, {@code audio/opus} (Ogg); {@code audio/wav}, {@code audio/x-wav}, {@code
   * audio/wave} (WAV); {@code video/mp2t} (MPEG-TS); and a few more aliases.
   *
   * @return the facts with source {@link Source#CONTENT_TYPE}, or empty for an empty, malformed
   *     or unknown type, for {@code application/octet-stream} and {@code binary/octet-stream}
   *     (which say nothing), and for {@code text/html} (which a caller treats on its own)
   * @throws NullPointerException if {@code contentType} is null
   */
  public static Optional<MediaInfo> fromContentType(String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    return MediaContentTypes.parse(contentType);
  }

  /**
   * Merges what a header says with what the bytes say. The rules, in order:
   *
   * <ol>
   *   <li>No header: {@code sniffed}.
   *   <li>The bytes did not tell the container: the header, source {@link Source#CONTENT_TYPE}.
   *   <li>The bytes name another container than the header: {@code sniffed}; the header's MIME
   *       type and codecs are dropped, since they describe something the bytes are not. Two
   *       exceptions keep the header: bytes that are Matroska with an unseen DocType (its brand
   *       is empty) when the header says WebM, and an ID3 tag with no audio frame in the window
   *       (MP3 without codecs) when the header says ADTS AAC or FLAC, which also carry ID3 tags.
   *   <li>Otherwise both agree: the container, brands and tracks of the bytes; the header's MIME
   *       type (which knows, say, an audio-only MP4 that an {@code isom} brand does not tell), else
   *       the sniffed one; when the bytes' track details are known, their codecs alone (the
   *       header's list can only repeat or contradict them), else the header's codecs followed by
   *       the sniffed codecs it does not list (compared ignoring case); source {@link
   *       Source#BOTH}.
   * </ol>
   *
   * <p>Codecs from either side are in the form of {@link #canonicalCodec}, so the same codec
   * found both ways is listed once.
   *
   * @param fromHeader the result of {@link #fromContentType}
   * @param sniffed the result of {@link #sniff}
   * @throws NullPointerException if an argument is null
   */
  public static MediaInfo combine(Optional<MediaInfo> fromHeader, MediaInfo sniffed) {
    Objects.requireNonNull(fromHeader, "fromHeader");
    Objects.requireNonNull(sniffed, "sniffed");
    if (!fromHeader.isPresent()) return sniffed;
    MediaInfo header = fromHeader.get();
    if (!sniffed.isKnown()) return header.withSource(Source.CONTENT_TYPE);
    if (!header.isKnown()) return sniffed;
    Container container = sniffed.container();
    if (container != header.container()) {
      boolean webmHeaderForMatroska = container == Container.MATROSKA
          && header.container() == Container.WEBM && !sniffed.brand().isPresent();
      boolean id3Guess = container == Container.MP3 && sniffed.codecs().isEmpty()
          && (header.container() == Container.AAC_ADTS || header.container() == Container.FLAC);
      if (id3Guess) return header.withSource(Source.CONTENT_TYPE);
      if (!webmHeaderForMatroska) return sniffed;
      container = Container.WEBM;
    }
    List<String> codecs = new ArrayList<>(sniffed.hasTrackDetails() ? List.of() : header.codecs());
    for (String codec : sniffed.codecs()) {
      if (codecs.stream().noneMatch(codec::equalsIgnoreCase)) codecs.add(codec);
    }
    return new MediaInfo(container, header.mimeType().isPresent() ? header.mimeType() : sniffed.mimeType(), codecs,
        sniffed.brand(), sniffed.compatibleBrands(), Source.BOTH, sniffed.tracks());
  }

  /**
   * {@code codec} in the one form this package reports codec strings in, whichever way they were
   * found: as RFC 6381 and the codecs' ISO BMFF bindings build them from the configuration
   * ({@code avc1.64001F}, {@code hvc1.2.4.L153.B0}, {@code av01.0.08M.10.0.110.09.16.09.0},
   * {@code vp09.00.41.08}, {@code mp4a.40.2}, {@code opus}, {@code flac}). The first part of a
   * known codec goes to lower case, hexadecimal parts to upper case; H.265 trailing zero
   * constraint bytes are left out, and so is the colour part of an AV1 or VP9 string whose values
   * are the defaults or unspecified. Anything else, and any string that does not follow its
   * codec's syntax, is returned as given.
   *
   * @throws NullPointerException if {@code codec} is null
   */
  public static String canonicalCodec(String codec) {
    return dev.barbiton.file.media.codec.CodecStrings.canonical(Objects.requireNonNull(codec, "codec"));
  }

  /**
   * True if the bytes between {@code firstBytes}' position and limit (at most {@link
   * #SNIFF_BYTES} of them) start, after an optional UTF-8 byte order mark and whitespace, with an
   * HTML tag: {@code <!doctype html}, {@code <html}, {@code <head}, {@code <body}, {@code
   * <script}, {@code <iframe}, {@code <title} (any case, followed by space, {@code >} or the end
   * of the bytes) or a comment {@code <!--}. Such a response to a media request is usually a
   * captive portal or an error page. Never throws for any content; does not move the position.
   *
   * @throws NullPointerException if {@code firstBytes} is null
   */
  public static boolean looksLikeHtml(ByteBuffer firstBytes) {
    SniffWindow w = new SniffWindow(Objects.requireNonNull(firstBytes, "firstBytes"), SNIFF_BYTES);
    long i = w.matches(0, "\u00EF\u00BB\u00BF") ? 3 : 0;
    while (w.has(i, 1) && isHtmlWhitespace(w.u8(i))) i++;
    for (String start : HTML_STARTS) {
      if (matchesIgnoreCase(w, i, start)) {
        long after = i + start.length();
        if (start.equals("<!--") || !w.has(after, 1)) return true;
        int next = w.u8(after);
        if (next == '>' || isHtmlWhitespace(next) || next == '/') return true;
      }
    }
    return false;
  }

  private static boolean matchesIgnoreCase(SniffWindow w, long offset, String lowerCase) {
    if (!w.has(offset, lowerCase.length())) return false;
    for (int i = 0; i < lowerCase.length(); i++) {
      int c = w.u8(offset + i);
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != lowerCase.charAt(i)) return false;
    }
    return true;
  }

  /** HTML's ASCII whitespace: tab, line feed, form feed, carriage return, space. */
  private static boolean isHtmlWhitespace(int c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  }

  /**
   * Where the first bytes of a file of {@code length} bytes state that its index lies near its
   * end: an MP4 whose top-level boxes put an {@code mdat} before the {@code moov} (the index starts
   * where that {@code mdat} ends), a Matroska file whose SeekHead points at Cues, Tags, Chapters or
   * Attachments (the first of them in the second half of the file). Only what the container
   * states is used, nothing is searched for; an index in the first half is not reported (the
   * sequential download reaches it soon enough). Looks at the bytes between {@code firstBytes}'
   * position and limit (at most {@link #INDEX_AT_END_BYTES}), which must start at the file's
   * first byte; never throws for any content and leaves the buffer's position alone.
   *
   * @return empty while more first bytes are needed to decide; otherwise the index's first byte,
   *     or an empty {@code OptionalLong} when the file states no index at its end
   */
  public static Optional<OptionalLong> indexAtEnd(ByteBuffer firstBytes, long length) {
    Objects.requireNonNull(firstBytes, "firstBytes");
    if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    try {
      return TailIndex.locate(firstBytes, length);
    } catch (RuntimeException e) {
      log.warn("Looking for an index at the end in {} bytes failed; reporting none", firstBytes.remaining(), e);
      return Optional.of(OptionalLong.empty());
    }
  }

  /**
   * True if the first bytes carry the signature of a media format this class does not describe
   * (no {@link Container} for it): AVI, FLV, ASF/WMV, MPEG program streams,
   * AC-3, DTS, AMR, AIFF, CAF, RealMedia, WavPack, Musepack, APE, DSF, MIDI. Never throws; leaves
   * the position alone.
   */
  public static boolean looksLikeOtherMedia(ByteBuffer firstBytes) {
    return OtherMediaSignatures.matches(Objects.requireNonNull(firstBytes, "firstBytes"));
  }
}
