package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes Ogg (RFC 3533) and names the codec of each logical stream whose first page lies in
 * the window. An Ogg file starts with the beginning-of-stream pages of all its streams, each
 * holding that stream's identification packet, whose first bytes name the codec.
 */
final class OggSniffer {
  private static final int PAGE_HEADER = 27;
  private static final int BEGINNING_OF_STREAM = 0x02;
  private static final int MAX_PAGES = 32;

  private OggSniffer() {}

  /** The Ogg facts if the window starts with an Ogg page header. */
  static Optional<MediaInfo> sniff(SniffWindow w) {
    if (!w.matches(0, "OggS") || !w.has(0, PAGE_HEADER) || w.u8(4) != 0) return Optional.empty();
    List<String> codecs = new ArrayList<>();
    long page = 0;
    for (int pages = 0; pages < MAX_PAGES && w.matches(page, "OggS"); pages++) {
      if (!w.has(page, PAGE_HEADER) || (w.u8(page + 5) & BEGINNING_OF_STREAM) == 0) break;
      int segments = w.u8(page + 26);
      if (!w.has(page + PAGE_HEADER, segments)) break;
      long body = page + PAGE_HEADER + segments;
      long bodyLength = 0;
      for (int i = 0; i < segments; i++) bodyLength += w.u8(page + PAGE_HEADER + i);
      String codec = codec(w, body);
      if (codec != null && !codecs.contains(codec)) codecs.add(codec);
      page = body + bodyLength;
    }
    String mimeType = codecs.contains("theora") ? "video/ogg"
        : codecs.isEmpty() ? "application/ogg" : "audio/ogg";
    return Optional.of(new MediaInfo(Container.OGG, Optional.of(mimeType), codecs,
        Optional.empty(), List.of(), Source.SNIFFED));
  }

  /** The codec named by an identification packet at {@code offset}, or null. */
  private static String codec(SniffWindow w, long offset) {
    if (w.matches(offset, "OpusHead")) return "opus"; // RFC 7845 5.1
    if (w.matches(offset, "\u0001vorbis")) return "vorbis"; // Vorbis I spec 4.2.2
    if (w.matches(offset, "\u007FFLAC")) return "flac"; // FLAC-in-Ogg mapping
    if (w.matches(offset, "\u0080theora")) return "theora"; // Theora spec 6.1
    if (w.matches(offset, "Speex   ")) return "speex";
    return null;
  }
}
