package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import dev.barbiton.file.media.codec.CodecStrings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a {@code Content-Type} value (RFC 9110 8.3: {@code type/subtype *( ; name=value )},
 * value a token or a quoted string) and maps the media types of the containers we know.
 */
final class MediaContentTypes {
  /** A known media type: its container and the name it is normalized to. */
  private record Known(Container container, String mimeType, List<String> impliedCodecs) {}

  private static final Map<String, Known> KNOWN = new HashMap<>();

  static {
    known(Container.MP4, "video/mp4", "video/mp4", "video/x-m4v");
    known(Container.MP4, "audio/mp4", "audio/mp4", "audio/x-m4a", "audio/m4a");
    known(Container.MP4, "video/quicktime", "video/quicktime");
    known(Container.MP4, "video/3gpp", "video/3gpp");
    known(Container.MP4, "audio/3gpp", "audio/3gpp");
    known(Container.MP4, "video/3gpp2", "video/3gpp2");
    known(Container.MP4, "audio/3gpp2", "audio/3gpp2");
    known(Container.WEBM, "video/webm", "video/webm");
    known(Container.WEBM, "audio/webm", "audio/webm");
    known(Container.MATROSKA, "video/x-matroska", "video/x-matroska", "video/matroska");
    known(Container.MATROSKA, "audio/x-matroska", "audio/x-matroska", "audio/matroska");
    known(Container.MP3, "audio/mpeg", "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mp3",
        "audio/x-mpeg", "audio/x-mpeg-3", "audio/mpa");
    known(Container.AAC_ADTS, "audio/aac", "audio/aac", "audio/aacp", "audio/x-aac",
        "audio/x-hx-aac-adts");
    known(Container.FLAC, "audio/flac", "audio/flac", "audio/x-flac");
    known(Container.OGG, "audio/ogg", "audio/ogg");
    known(Container.OGG, "video/ogg", "video/ogg");
    known(Container.OGG, "application/ogg", "application/ogg");
    known(Container.WAV, "audio/wav", "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");
    known(Container.MPEG_TS, "video/mp2t", "video/mp2t");
    known(Container.H264, "video/h264", "video/h264");
    known(Container.HEVC, "video/h265", "video/h265", "video/hevc");
    // RFC 7845 9: audio/opus is Ogg Opus; the type itself names the codec.
    KNOWN.put("audio/opus", new Known(Container.OGG, "audio/ogg", List.of("opus")));
  }

  private static void known(Container container, String normalized, String... names) {
    for (String name : names) KNOWN.put(name, new Known(container, normalized, List.of()));
  }

  private MediaContentTypes() {}

  /** See {@link MediaSniffer#fromContentType(String)}. */
  static Optional<MediaInfo> parse(String contentType) {
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim().toLowerCase(Locale.ROOT);
    Known known = KNOWN.get(essence);
    if (known == null) return Optional.empty();
    List<String> codecs = semicolon < 0 ? null : codecsParameter(contentType, semicolon + 1);
    if (codecs == null) codecs = known.impliedCodecs;
    return Optional.of(new MediaInfo(known.container, Optional.of(known.mimeType), codecs,
        Optional.empty(), List.of(), Source.CONTENT_TYPE));
  }

  /**
   * The codecs of the first {@code codecs} parameter in {@code s} from {@code start}: its value
   * split at commas, trimmed, without empty or malformed entries; null if there is none.
   */
  private static List<String> codecsParameter(String s, int start) {
    int i = start;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ';' || isWhitespace(s.charAt(i)))) i++;
      int nameStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';') i++;
      String name = s.substring(nameStart, i).trim();
      if (i >= n || s.charAt(i) == ';') continue; // a parameter without a value
      i++; // '='
      while (i < n && isWhitespace(s.charAt(i))) i++;
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        for (i++; i < n && s.charAt(i) != '"'; i++) {
          if (s.charAt(i) == '\\' && i + 1 < n) i++; // quoted-pair
          value.append(s.charAt(i));
        }
        while (i < n && s.charAt(i) != ';') i++; // closing quote and anything up to the next ';'
      } else {
        for (; i < n && s.charAt(i) != ';'; i++) value.append(s.charAt(i));
      }
      if (name.equalsIgnoreCase("codecs")) return splitCodecs(value.toString());
    }
    return null;
  }

  private static List<String> splitCodecs(String value) {
    List<String> codecs = new ArrayList<>();
    for (String part : value.split(",")) {
      String codec = part.trim();
      if (!MediaInfo.isCodecToken(codec)) continue;
      codec = CodecStrings.canonical(codec);
      if (!codecs.contains(codec)) codecs.add(codec);
    }
    return codecs;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
