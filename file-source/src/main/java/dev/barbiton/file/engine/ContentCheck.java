package dev.barbiton.file.engine;

import dev.barbiton.file.NotMediaException;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaSniffer;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the first bytes of a body are what a media request may cache: refused are an HTML page
 * (a captive portal, a login or error page, whatever its {@code Content-Type}); JSON or other text
 * unless the header itself announces text; and, for a header that names a media type, bytes that
 * no sniffer accepts (only for types whose container we can recognise, or any {@code video/*} and
 * {@code audio/*} when the bytes match no known media signature at all).
 *
 * <p>The decision needs at most {@link #BYTES} first bytes: every container our sniffers know
 * names itself within them (MPEG-TS needs 377).
 */
final class ContentCheck {
  static final int BYTES = 1024;

  private ContentCheck() {}

  /**
   * Returns the exception to fail with, or empty when the bytes may be cached.
   *
   * @param contentType the response's {@code Content-Type}, or null
   * @param first the first bytes of the body (position to limit), left untouched
   */
  static Optional<NotMediaException> verdict(String redactedUrl, String contentType, ByteBuffer first) {
    if (!first.hasRemaining()) return Optional.empty();
    String announced = contentType == null ? "no Content-Type" : "Content-Type " + contentType;
    if (MediaSniffer.looksLikeHtml(first)) return refuse(redactedUrl, announced, "an HTML page");
    MediaInfo sniffed = MediaSniffer.sniff(first);
    if (sniffed.isKnown()) return Optional.empty();
    String type = contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
    if (looksLikeText(first)) {
      if (isTextual(type)) return Optional.empty();
      return refuse(redactedUrl, announced, startsLike(first, '{', '[') ? "JSON or other text" : "text");
    }
    Optional<MediaInfo> header = contentType == null ? Optional.empty() : MediaSniffer.fromContentType(contentType);
    if (header.isPresent() && header.get().isKnown()) {
      return refuse(redactedUrl, announced, "not " + header.get().container() + " (no sniffer recognises them)");
    }
    if ((type.startsWith("video/") || type.startsWith("audio/")) && !MediaSniffer.looksLikeOtherMedia(first)) {
      return refuse(redactedUrl, announced, "no media format we know");
    }
    return Optional.empty();
  }

  private static Optional<NotMediaException> refuse(String url, String announced, String whatBytesAre) {
    return Optional.of(new NotMediaException(url + " answered with " + announced + " but its first bytes are "
        + whatBytesAre + ": not media (a captive portal or an error page?); nothing was cached"));
  }

  /** Types whose body is text by their own account, so that text bytes do not contradict them. */
  private static boolean isTextual(String type) {
    return (type.startsWith("text/") && !type.startsWith("text/html"))
        || type.startsWith("application/json") || type.contains("+json") || type.contains("+xml")
        || type.startsWith("application/xml") || type.startsWith("application/x-subrip")
        || type.contains("mpegurl") || type.startsWith("application/dash+xml");
  }

  /**
   * True when the first bytes (at most 512) hold none of the "binary data bytes" of the WHATWG
   * MIME Sniffing standard (7.2): 0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F.
   */
  static boolean looksLikeText(ByteBuffer first) {
    int end = Math.min(first.limit(), first.position() + 512);
    for (int i = first.position(); i < end; i++) {
      int b = first.get(i) & 0xff;
      if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F)) return false;
    }
    return true;
  }

  private static boolean startsLike(ByteBuffer first, char a, char b) {
    for (int i = first.position(); i < first.limit(); i++) {
      int c = first.get(i) & 0xff;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xEF || c == 0xBB || c == 0xBF) continue;
      return c == a || c == b;
    }
    return false;
  }

  /**
   * Fails, caching nothing (what an earlier run cached is dropped, after {@code stopOtherWriters}
   * stopped whatever else writes it), when the first bytes are not media.
   */
  static void refuseIfNotMedia(String redactedUrl, dev.barbiton.assets.ResourceWriter writer, String contentType,
      ByteBuffer first, Runnable stopOtherWriters) throws java.io.IOException {
    Optional<NotMediaException> refusal = verdict(redactedUrl, contentType, first);
    if (!refusal.isPresent()) return;
    if (!writer.available().isEmpty()) {
      stopOtherWriters.run();
      writer.discard();
    }
    throw refusal.get();
  }
}
