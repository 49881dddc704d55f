package dev.barbiton.file.transcode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.barbiton.file.avio.OutputSink;

/** What FFmpeg's muxers need of a sink, known before one is opened. */
final class OutputFormats {
  /** The mov muxer's names: it writes the {@code moov} last and patches sizes unless it fragments. */
  private static final Set<String> MOV_FAMILY = Set.of("mp4", "mov", "ipod", "3gp", "3g2", "psp", "f4v");
  /** The movflags that make the mov muxer fragment, so that it never goes back. */
  private static final Set<String> FRAGMENTING = Set.of("frag_keyframe", "frag_custom", "frag_every_frame");
  /** The movflags that rewrite the start of the file after the end is written. */
  private static final Set<String> REWRITING = Set.of("faststart", "global_sidx");

  private OutputFormats() {}

  /**
   * Why format {@code name} with {@code options} cannot write to {@code sink}, or null if it can.
   */
  static String whyItCannotWrite(String name, Map<String, String> options, OutputSink sink) {
    if (!MOV_FAMILY.contains(name.toLowerCase(Locale.ROOT))) return null;
    String flags = options.getOrDefault("movflags", "");
    boolean fragments = options.containsKey("frag_duration") || options.containsKey("frag_size");
    for (String flag : flags.split("[+\\-]")) {
      if (REWRITING.contains(flag) && !sink.file().isPresent()) {
        return "the " + name + " muxer's movflags +" + flag + " move what was written, which FFmpeg does by reading the"
            + " file again: write to a file (OutputSink.of(Path))";
      }
      if (FRAGMENTING.contains(flag)) fragments = true;
    }
    if (fragments || sink.seekable()) return null;
    return "a " + name + " file that is not fragmented gets its index (moov) last and its sizes patched, which needs a"
        + " sink that can seek; on a stream, set movflags=frag_keyframe+empty_moov (fragmented MP4), or use webm,"
        + " matroska or mpegts";
  }
}
